/**
 * walchan: a persistent channel for the JVM with an API close to Rust's
 * {@code std::sync::mpsc}. Every message is appended to a write-ahead log;
 * delivery is at-least-once across crashes and restarts.
 *
 * <p>Start at {@link io.walchan.Walchan}. The on-disk format is documented in
 * {@code docs/FORMAT.md}; {@code io.walchan.internal.*} is not API.
 */
package io.walchan;

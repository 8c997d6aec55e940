/**
 * Jakarta CDI integration of walchan: inject {@link io.walchan.Sender},
 * {@link io.walchan.SyncSender} and {@link io.walchan.Receiver} with
 * {@link io.walchan.cdi.WalChannel}, or choose channels at run time with
 * {@link io.walchan.cdi.WalChannels}.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class Shop {
 *     @Inject @WalChannel("orders") Sender<Order> orders;
 *
 *     public void place(Order o) {
 *         orders.send(o);   // durable when send returns
 *     }
 * }
 * }</pre>
 *
 * <p>One channel per directory per container, opened on first use and closed when
 * the container shuts down; conflicting options are deployment errors. See
 * {@code docs/cdi.md}.
 */
package io.walchan.cdi;

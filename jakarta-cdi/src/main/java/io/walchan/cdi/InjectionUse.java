package io.walchan.cdi;

import com.fasterxml.jackson.databind.JavaType;

/**
 * One {@link WalChannel} injection point as the extension saw it at deployment.
 *
 * @param where the injection point, as in messages
 * @param role what it injects
 * @param settings its normalised options
 * @param type its message type
 */
record InjectionUse(String where, Role role, ChannelSettings settings, JavaType type) {

    /** @return e.g. {@code Sender<com.acme.Order> at field com.acme.Shop.orders} */
    String describe() {
        return role.typeName() + "<" + type.toCanonical() + "> at " + where;
    }
}

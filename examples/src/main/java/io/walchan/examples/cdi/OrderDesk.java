package io.walchan.examples.cdi;

import io.walchan.Sender;
import io.walchan.cdi.WalChannel;
import io.walchan.examples.Order;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Takes orders: each is on disk when {@link #place} returns. */
@ApplicationScoped
public class OrderDesk {

    @Inject
    @WalChannel(CdiShop.ORDERS)
    Sender<Order> orders;

    /**
     * @param order the order; durable (fsynced) when this returns
     */
    public void place(Order order) {
        orders.send(order);
    }
}

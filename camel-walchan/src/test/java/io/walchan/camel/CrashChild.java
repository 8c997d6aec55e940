package io.walchan.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Child JVM of {@link WalchanRestartTest}: sends messages 0..count-1 to a walchan
 * endpoint, then consumes them and halts the JVM (no shutdown hooks, like kill -9)
 * in the middle of the route of message {@code crashAt}.
 */
public final class CrashChild {

    private CrashChild() {
    }

    /**
     * @param args directory, message count, the message to crash on
     * @throws Exception if Camel fails
     */
    public static void main(String[] args) throws Exception {
        String uri = "walchan:" + args[0] + "?durability=FlushOnly&pollTimeout=100";
        int count = Integer.parseInt(args[1]);
        String crashAt = args[2];
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("crashing").autoStartup(false).process(e -> {
                    if (crashAt.equals(e.getIn().getBody(String.class))) {
                        Runtime.getRuntime().halt(42);
                    }
                });
            }
        });
        context.start();
        for (int i = 0; i < count; i++) {
            context.createProducerTemplate().sendBody(uri, String.valueOf(i));
        }
        context.getRouteController().startRoute("crashing");
        Thread.sleep(30_000);
        System.exit(1); // never reached when the crash happens
    }
}

package io.walchan.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad options fail endpoint creation clearly; endpoints on one directory share one channel. */
class WalchanEndpointOptionsTest extends WalchanTestSupport {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "durability=Bogus | unknown durability 'Bogus': valid values are SyncPerSend, FlushOnly, SyncEvery",
        "bound=0 | bound must be at least 1, was 0",
        "bound=-3 | bound must be at least 1, was -3",
        "concurrentConsumers=0 | concurrentConsumers must be at least 1, was 0",
        "segmentSize=100 | segmentSize must be at least 4096 bytes, was 100",
        "commitEvery=0 | commitEvery must be at least 1, was 0",
        "pollTimeout=0 | pollTimeout must be at least 1 ms, was 0",
        "maximumRedeliveries=-2 | maximumRedeliveries must be -1 (forever) or more, was -2",
        "syncEveryOps=5 | syncEveryOps and syncEveryDelay apply only to durability=SyncEvery",
        "durability=SyncEvery&syncEveryOps=0 | syncEvery maxOps must be at least 1, was 0",
        "noSuchOption=1 | noSuchOption",
    })
    void badOptionsFailEndpointCreationWithAClearMessage(String options, String message) {
        String uri = "walchan:" + tmp.resolve("bad") + "?" + options;
        assertThatThrownBy(() -> context.getEndpoint(uri))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining(message);
    }

    @Test
    void missingPathFailsWithAClearMessage() {
        assertThatThrownBy(() -> context.getEndpoint("walchan:?bound=5"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("walchan needs a channel directory");
    }

    @Test
    void endpointsOnOneDirectoryShareOneChannel() throws Exception {
        String plain = "walchan:" + tmp.resolve("shared");
        String other = "walchan:" + tmp.resolve("x/../shared") + "?durability=FlushOnly&pollTimeout=100"
                + "&concurrentConsumers=2";
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(other).to("mock:shared");
            }
        });
        MockEndpoint out = getMockEndpoint("mock:shared");
        out.expectedBodiesReceived("via another URI");

        template.sendBody(plain, "via another URI");

        out.assertIsSatisfied();
        WalchanEndpoint a = context.getEndpoint(plain, WalchanEndpoint.class);
        WalchanEndpoint b = context.getEndpoint(other, WalchanEndpoint.class);
        assertThat(a).isNotSameAs(b);
        assertThat(a.channel()).isSameAs(b.channel());
        assertThat(b.channel().settings().durability()).isEqualTo(io.walchan.Durability.FLUSH_ONLY);
    }

    @Test
    void anEndpointWithoutChannelOptionsAdoptsThoseOfTheDirectory() {
        WalchanEndpoint bounded = context.getEndpoint("walchan:" + tmp.resolve("adopt") + "?bound=10",
                WalchanEndpoint.class);
        WalchanEndpoint plain = context.getEndpoint("walchan:" + tmp.resolve("adopt") + "?concurrentConsumers=2",
                WalchanEndpoint.class);
        assertThat(plain.channel()).isSameAs(bounded.channel());
        assertThat(plain.channel().settings().bound()).isEqualTo(10);
    }

    @Test
    void anOpenChannelCannotChangeItsOptions() throws Exception {
        String dir = "walchan:" + tmp.resolve("open");
        template.sendBody(dir + "?durability=FlushOnly", "opens the channel");
        assertThatThrownBy(() -> context.getEndpoint(dir + "?commitEvery=5"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("(channel open)")
                .hasMessageContaining("commitEvery=5 (in use: 1)");
    }

    @Test
    void conflictingChannelOptionsForOneDirectoryAreAnError() {
        String dir = "walchan:" + tmp.resolve("conflict");
        context.getEndpoint(dir + "?bound=10&durability=FlushOnly");
        assertThatThrownBy(() -> context.getEndpoint(dir + "?bound=20&durability=SyncPerSend"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("is already used by")
                .hasMessageContaining("bound=20 (in use: 10)")
                .hasMessageContaining("durability=SyncPerSend (in use: FlushOnly)");
    }
}

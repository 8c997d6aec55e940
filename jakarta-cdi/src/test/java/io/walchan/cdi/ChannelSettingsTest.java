package io.walchan.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.walchan.Durability;
import io.walchan.ReceiverOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Normalisation of the qualifier's members, without a container. */
class ChannelSettingsTest {

    @BeforeEach
    void setBase() {
        System.setProperty(WalChannels.BASE_DIR_PROPERTY, "/srv/spool");
    }

    @AfterEach
    void clearBase() {
        System.clearProperty(WalChannels.BASE_DIR_PROPERTY);
    }

    @Test
    void defaultsAreAnUnboundedSyncPerSendChannelCommittingEveryAck() {
        ChannelSettings s = ChannelSettings.of(WalChannel.Literal.of("orders"));
        assertThat(s.bound()).isZero();
        assertThat(s.durability()).isEqualTo(Durability.SYNC_PER_SEND);
        assertThat(s.receiverOptions()).isEqualTo(ReceiverOptions.defaults());
    }

    @Test
    void relativeDirectoriesResolveAgainstTheBaseDirectory() {
        assertThat(ChannelSettings.of(WalChannel.Literal.of("a/../orders/")).directory())
                .hasToString("/srv/spool/orders");
        assertThat(ChannelSettings.of(WalChannel.Literal.of("/var/other")).directory()).hasToString("/var/other");
    }

    @Test
    void durabilitySpellingsNormalise() {
        assertThat(ChannelSettings.durability("SYNC_PER_SEND")).isEqualTo(Durability.SYNC_PER_SEND);
        assertThat(ChannelSettings.durability("flush-only")).isEqualTo(Durability.FLUSH_ONLY);
        assertThat(ChannelSettings.durability("SyncEvery"))
                .isEqualTo(Durability.syncEvery(Durability.DEFAULT_SYNC_EVERY_OPS, Durability.DEFAULT_SYNC_EVERY_DELAY));
        assertThat(ChannelSettings.durability("SyncEvery(100, PT0.05S)"))
                .isEqualTo(ChannelSettings.durability("sync_every( 100 ,50 )"))
                .isEqualTo(Durability.syncEvery(100, Duration.ofMillis(50)));
    }

    @Test
    void invalidDurabilitiesAreRejected() {
        assertThatThrownBy(() -> ChannelSettings.durability("Fast")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChannelSettings.durability("SyncEvery(0, 50)"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChannelSettings.durability("SyncEvery(10, 0)"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChannelSettings.durability("SyncEvery(99999999999, 5)"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void delaysAreMillisecondsOrIso8601() {
        assertThat(ChannelSettings.duration("d", "1000")).isEqualTo(Duration.ofSeconds(1));
        assertThat(ChannelSettings.duration("d", " pt1s ")).isEqualTo(Duration.ofSeconds(1));
        assertThat(ChannelSettings.duration("d", "0")).isZero();
        assertThatThrownBy(() -> ChannelSettings.duration("d", "1s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChannelSettings.duration("d", "PT-1S")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChannelSettings.duration("d", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sameChannelComparesBoundAndDurabilityOnly() {
        ChannelSettings a = ChannelSettings.of(WalChannel.Literal.of("o").withCommitEvery(5));
        ChannelSettings b = ChannelSettings.of(WalChannel.Literal.of("o").withDurability("syncpersend"));
        assertThat(a.sameChannel(b)).isTrue();
        assertThat(a.sameChannel(ChannelSettings.of(WalChannel.Literal.of("o").withBound(1)))).isFalse();
    }
}

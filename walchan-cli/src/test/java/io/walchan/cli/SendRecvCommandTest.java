package io.walchan.cli;

import static io.walchan.cli.CliTestSupport.run;
import static io.walchan.cli.CliTestSupport.runWithInput;
import static org.assertj.core.api.Assertions.assertThat;

import io.walchan.Channel;
import io.walchan.Codecs;
import io.walchan.Options;
import io.walchan.Walchan;
import io.walchan.cli.CliTestSupport.Run;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendRecvCommandTest {

    @TempDir
    Path tmp;

    @Test
    void sendArgumentsThenReceiveThemOnceInOrder() {
        Path dir = tmp.resolve("q");
        assertThat(run("send", dir.toString(), "--create", "--durability", "FlushOnly", "a", "b", "c").code())
                .isZero();
        Run recv = run("recv", dir.toString());
        assertThat(recv.code()).isZero();
        assertThat(recv.out()).isEqualTo(String.format("a%nb%nc%n"));
        Run again = run("recv", dir.toString());
        assertThat(again.code()).isZero();
        assertThat(again.out()).isEmpty(); // acknowledged and committed
    }

    @Test
    void sendLinesFromStdinAndPeekWithNoAck() {
        Path dir = tmp.resolve("q");
        assertThat(runWithInput("x\nü ñ\r\ny\n", false, "send", dir.toString(), "--create", "-").code()).isZero();
        assertThat(run("recv", dir.toString(), "--count", "1").out()).isEqualTo(String.format("x%n"));
        assertThat(run("recv", dir.toString(), "--no-ack").out()).isEqualTo(String.format("ü ñ%ny%n"));
        assertThat(run("recv", dir.toString(), "--no-ack", "--count", "1").out()).isEqualTo(String.format("ü ñ%n"));
        assertThat(run("recv", dir.toString()).out()).isEqualTo(String.format("ü ñ%ny%n"));
    }

    @Test
    void followWaitsForMessagesSentLater() throws Exception {
        Path dir = tmp.resolve("q");
        run("send", dir.toString(), "--create", "first");
        CompletableFuture<Run> follower = CompletableFuture.supplyAsync(
                () -> run("recv", dir.toString(), "--follow", "--count", "3", "--poll", "20"));
        Thread.sleep(200);
        assertThat(run("send", dir.toString(), "second", "third").code()).isZero();
        Run r = follower.get(20, TimeUnit.SECONDS);
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(String.format("first%nsecond%nthird%n"));
    }

    @Test
    void sendRefusesMissingOrForeignDirectoriesWithoutCreate() throws Exception {
        Run missing = run("send", tmp.resolve("nope").toString(), "hi");
        assertThat(missing.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(missing.err()).contains("does not exist").contains("--create");
        java.nio.file.Files.writeString(tmp.resolve("notes.txt"), "mine");
        Run foreign = run("send", tmp.toString(), "--create", "hi");
        assertThat(foreign.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(foreign.err()).contains("not a walchan channel directory");
    }

    @Test
    void badDurabilityIsAUsageError() {
        Run r = run("send", tmp.resolve("q").toString(), "--create", "--durability", "Sometimes", "hi");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("SyncPerSend, FlushOnly, SyncEvery");
    }

    @Test
    void lockedInThisProcessFailsAfterTheWait() {
        Path dir = tmp.resolve("q");
        run("send", dir.toString(), "--create", "hi");
        try (Channel<String> open = Walchan.channel(dir, Codecs.utf8(), Options.builder().fsync(false).build())) {
            Run r = run("recv", dir.toString(), "--wait-lock", "0");
            assertThat(r.code()).isEqualTo(ExitCodes.ERROR);
            assertThat(r.err()).contains("already open");
        }
    }
}

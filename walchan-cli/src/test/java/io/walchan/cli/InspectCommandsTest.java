package io.walchan.cli;

import static io.walchan.cli.CliTestSupport.cutTail;
import static io.walchan.cli.CliTestSupport.files;
import static io.walchan.cli.CliTestSupport.fill;
import static io.walchan.cli.CliTestSupport.flipByte;
import static io.walchan.cli.CliTestSupport.run;
import static io.walchan.cli.CliTestSupport.runWithInput;
import static io.walchan.cli.CliTestSupport.segments;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.walchan.Channel;
import io.walchan.Codecs;
import io.walchan.Options;
import io.walchan.Walchan;
import io.walchan.cli.CliTestSupport.Run;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandsTest {

    @TempDir
    Path dir;

    private void ack(int n) {
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), Options.builder().fsync(false).build())) {
            for (int i = 0; i < n; i++) {
                ch.receiver().tryRecv().ack();
            }
        }
    }

    @Test
    void statShowsPositionsAndUnacked() throws Exception {
        fill(dir, 5);
        ack(2);
        Run text = run("stat", dir.toString());
        assertThat(text.code()).isZero();
        assertThat(text.out()).containsPattern("next position +5").containsPattern("committed +2")
                .containsPattern("unacked +3").containsPattern("format version +1").contains("free");
        Run json = run("stat", dir.toString(), "--json");
        assertThat(json.code()).isZero();
        JsonNode node = new ObjectMapper().readTree(json.out());
        assertThat(node.get("endPosition").asLong()).isEqualTo(5);
        assertThat(node.get("lastPosition").asLong()).isEqualTo(4);
        assertThat(node.get("committedPosition").asLong()).isEqualTo(2);
        assertThat(node.get("unacked").asLong()).isEqualTo(3);
        assertThat(node.get("segments").asInt()).isEqualTo(1);
        assertThat(node.get("segmentBytes").asLong()).isEqualTo(Files.size(segments(dir).get(0)));
    }

    @Test
    void verifyCleanLog() {
        fill(dir, 100);
        Run r = run("verify", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("100 records").contains("clean");
        assertThat(r.err()).isEmpty(); // piped: no progress
    }

    @Test
    void flippedByteMidLogIsCorruptAndNothingChanges() throws Exception {
        fill(dir, 100);
        Path second = segments(dir).get(1);
        flipByte(second, 32 + 20);
        byte[] before = Files.readAllBytes(second);
        List<String> filesBefore = files(dir);
        Run r = run("verify", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.CORRUPT);
        assertThat(r.out()).contains("sealed segment corruption").contains(second.getFileName().toString())
                .contains("at byte offset 32").contains("CRC mismatch");
        assertThat(Files.readAllBytes(second)).isEqualTo(before);
        assertThat(files(dir)).isEqualTo(filesBefore);

        Run repaired = run("verify", dir.toString(), "--repair");
        assertThat(repaired.code()).as(repaired.out()).isEqualTo(ExitCodes.OK);
        assertThat(repaired.out()).contains("truncated " + second.getFileName()).contains("after repair:");
        assertThat(files(dir)).anyMatch(f -> f.startsWith(second.getFileName() + ".damaged-"));
        assertThat(files(dir)).anyMatch(f -> f.contains(".wal.cut-"));
        assertThat(run("verify", dir.toString()).code()).isZero();
    }

    @Test
    void cutTailIsRepairableAndRepairKeepsACopy() throws Exception {
        fill(dir, 10);
        Path last = segments(dir).get(segments(dir).size() - 1);
        long size = Files.size(last);
        cutTail(last, 7);
        Run r = run("verify", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.REPAIRABLE);
        assertThat(r.out()).contains("torn tail").contains(last.getFileName().toString());
        assertThat(Files.size(last)).isEqualTo(size - 7);

        Run repaired = run("verify", dir.toString(), "--repair");
        assertThat(repaired.code()).isZero();
        Path copy = Files.list(dir).filter(p -> p.getFileName().toString().startsWith(last.getFileName() + ".damaged-"))
                .findFirst().orElseThrow();
        assertThat(copy).hasSize(size - 7);
        assertThat(copy.getFileName().toString()).doesNotEndWith(".wal");
        assertThat(run("recv", dir.toString()).out().lines()).hasSize(9);
    }

    @Test
    void flippedByteInTheLastSegmentWithRecordsAfterIsMidLog() throws Exception {
        fill(dir, 10); // one segment
        flipByte(segments(dir).get(0), 32 + 20);
        Run r = run("verify", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.CORRUPT);
        assertThat(r.out()).contains("mid log corruption");
        Run dump = run("dump", dir.toString());
        assertThat(dump.code()).isEqualTo(ExitCodes.CORRUPT);
        assertThat(dump.err()).contains("mid log corruption").contains("at byte offset 32");
    }

    @Test
    void repairNeedsTheLock() throws Exception {
        fill(dir, 10);
        cutTail(segments(dir).get(0), 3);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream()));
            assertThat(childOut.readLine()).isEqualTo("ready"); // it opened (and truncated the tail)
            Run r = run("verify", dir.toString(), "--repair");
            assertThat(r.code()).isEqualTo(ExitCodes.ERROR);
            assertThat(r.err()).contains("locked by another process").contains("pid " + child.pid());
            assertThat(run("stat", dir.toString()).out()).contains("held by another process (pid " + child.pid() + ")");
        } finally {
            child.getOutputStream().close();
            child.waitFor();
        }
    }

    @Test
    void dumpFormatsWithFromAndLimit() throws Exception {
        fill(dir, 30);
        ack(3);
        Run text = run("dump", dir.toString(), "--from", "2", "--limit", "2");
        assertThat(text.code()).isZero();
        assertThat(text.out().lines()).containsExactly("2\tacked\t" + ("m2-" + "x".repeat(100)).length() + "\tm2-"
                + "x".repeat(100), "3\tpending\t103\tm3-" + "x".repeat(100));
        Run json = run("dump", dir.toString(), "--format", "json", "--from", "29");
        JsonNode node = new ObjectMapper().readTree(json.out());
        assertThat(node.get("position").asLong()).isEqualTo(29);
        assertThat(node.get("acked").asBoolean()).isFalse();
        assertThat(node.get("text").asText()).startsWith("m29-");
        Run hex = run("dump", dir.toString(), "--format", "hex", "--from", "5", "--limit", "1");
        assertThat(hex.out()).startsWith("position 5  pending").contains("6d 35 2d 78"); // "m5-x"
        assertThat(run("dump", dir.toString(), "--format", "yaml").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void dumpEndsQuietlyAtATornTail() throws Exception {
        fill(dir, 5);
        cutTail(segments(dir).get(0), 5);
        Run r = run("dump", dir.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).hasSize(4);
        assertThat(r.err()).contains("torn tail");
    }

    @Test
    void clearErrorsForMissingForeignAndUnsupportedDirectories() throws Exception {
        Run missing = run("stat", dir.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(missing.err()).startsWith("walchan: ").contains("does not exist");
        Run empty = run("verify", dir.toString());
        assertThat(empty.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(empty.err()).contains("not a walchan channel directory");

        fill(dir, 3);
        Path seg = segments(dir).get(0);
        byte[] b = Files.readAllBytes(seg);
        ByteBuffer header = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 9);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, 28);
        header.putInt(28, (int) crc.getValue());
        Files.write(seg, b);
        for (String cmd : List.of("stat", "dump", "verify")) {
            Run r = run(cmd, dir.toString());
            assertThat(r.code()).as(cmd).isEqualTo(ExitCodes.CORRUPT);
            assertThat(r.out() + r.err()).as(cmd).contains("unsupported format version 9");
        }
        assertThat(run("verify", dir.toString(), "--repair").code()).isEqualTo(ExitCodes.CORRUPT);
        assertThat(Files.readAllBytes(seg)).isEqualTo(b);
    }

    @Test
    void progressOnlyOnATerminal() {
        fill(dir, 50);
        assertThat(runWithInput("", true, "verify", dir.toString()).err()).contains("verifying");
        assertThat(runWithInput("", false, "verify", dir.toString()).err()).isEmpty();
    }

    @Test
    void helpVersionAndUsageErrors() {
        Run help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("stat", "verify", "dump", "send", "recv", "bench", "Exit codes");
        assertThat(run("--version").out()).contains("format version 1");
        Run unknown = run("verify", dir.toString(), "--fix");
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("--fix");
        assertThat(run("frobnicate").code()).isEqualTo(ExitCodes.USAGE);
    }
}

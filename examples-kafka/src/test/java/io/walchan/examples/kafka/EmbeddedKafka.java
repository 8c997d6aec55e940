package io.walchan.examples.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka broker (KRaft: broker and controller in one node) in this
 * JVM, listening on 127.0.0.1 only, with its log in a directory of the caller.
 * Nothing to install: {@code org.apache.kafka:kafka_2.13} on the class path is
 * the whole broker.
 *
 * <p>{@link #stop()} and {@link #start()} again keep the ports and the log
 * directory, so a stop followed by a start is an outage of the same broker, not
 * a new one: what was written before the stop is still there after the start.
 *
 * <p>Not thread-safe: one thread starts and stops it.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final Properties props;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path logDir, int port, int controllerPort) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.props = serverProperties();
    }

    /**
     * Formats {@code logDir} (once; an already formatted directory is kept) and starts a broker on it.
     *
     * @param logDir the broker's log directory; created if missing
     * @return the running broker
     * @throws IOException if the directory cannot be created or formatted
     */
    public static EmbeddedKafka start(Path logDir) throws IOException {
        Files.createDirectories(logDir);
        EmbeddedKafka kafka = new EmbeddedKafka(logDir, freePort(), freePort());
        kafka.format();
        kafka.start();
        return kafka;
    }

    /** @return {@code host:port} for {@code bootstrap.servers} and camel-kafka's {@code brokers} */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** @return whether the broker runs */
    public boolean isRunning() {
        return server != null;
    }

    /** Starts the broker again after {@link #stop()}, on the same port and log directory. */
    public void start() {
        if (server != null) {
            return;
        }
        KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        s.startup();
        server = s;
    }

    /** Stops the broker (controlled shutdown; its log stays on disk). Returns once it is down. */
    public void stop() {
        KafkaRaftServer s = server;
        server = null;
        if (s != null) {
            s.shutdown();
            s.awaitShutdown();
        }
    }

    /**
     * Creates a topic (replication factor 1) and waits until it exists; an existing topic is kept.
     *
     * @param name the topic
     * @param partitions its partitions
     * @throws Exception if the broker does not answer within 60 s
     */
    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.put("node.id", "1");
        p.put("process.roles", "broker,controller");
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Small and quick: a test broker, not a production one.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        return p;
    }

    /** Runs {@code kafka-storage format --ignore-formatted} on the log directory. */
    private void format() throws IOException {
        Path config = logDir.resolveSibling(logDir.getFileName() + ".properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "EmbeddedKafka");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                    "--config", config.toString(), "--ignore-formatted"}, print);
        }
        if (rc != 0) {
            throw new IOException("kafka-storage format of " + logDir + " failed with exit code " + rc + ": "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}

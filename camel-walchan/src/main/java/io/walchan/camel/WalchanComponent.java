package io.walchan.camel;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.support.HealthCheckComponent;

/**
 * The {@code walchan:} component: persistent channels in local directories.
 *
 * <p>The component owns the channels: one {@link SharedChannel} per canonical
 * directory, created when the first endpoint on that directory is created,
 * opened when its first producer or consumer starts and closed when the last one
 * stops. Its {@link #getConfiguration() configuration} holds the defaults of
 * every endpoint option; an endpoint URI overrides them.
 */
@org.apache.camel.spi.annotations.Component("walchan")
public class WalchanComponent extends HealthCheckComponent {

    @Metadata(label = "advanced", description = "Default options for every walchan endpoint of this component.")
    private WalchanConfiguration configuration = new WalchanConfiguration();

    private final ObjectMapper objectMapper = new ObjectMapper().findAndRegisterModules();
    private final MessageMapper mapper = new MessageMapper(objectMapper);
    private final MessageCodec codec = new MessageCodec(objectMapper);

    /** Canonical directory -> its channel. Guarded by itself. */
    private final Map<Path, SharedChannel> channels = new HashMap<>();

    /** Creates the component; Camel sets the context. */
    public WalchanComponent() {
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("walchan needs a channel directory: walchan:/path/to/dir[?options],"
                    + " e.g. walchan:/var/spool/orders?bound=100; got '" + uri + "'");
        }
        Set<String> uriOptions = new LinkedHashSet<>(parameters.keySet());
        WalchanEndpoint endpoint = new WalchanEndpoint(uri, this, remaining, configuration.copy());
        setProperties(endpoint, parameters);
        WalchanConfiguration config = endpoint.getConfiguration();
        config.validate();
        boolean syncEveryOption = uriOptions.contains("syncEveryOps") || uriOptions.contains("syncEveryDelay");
        if (syncEveryOption && config.durability().kind() != io.walchan.Durability.Kind.SYNC_EVERY) {
            throw new IllegalArgumentException("syncEveryOps and syncEveryDelay apply only to durability=SyncEvery,"
                    + " but durability is " + config.getDurability());
        }
        Path directory = canonical(remaining);
        endpoint.bind(directory, null, mapper, codec);
        register(endpoint, ChannelSettings.of(config, uriOptions));
        return endpoint;
    }

    /**
     * Adds an endpoint to the channel of its directory.
     *
     * @param settings its channel settings; null re-registers an endpoint that was
     *     registered before with the settings the channel has now (endpoint restart)
     * @throws IllegalArgumentException if its channel options conflict with those in use
     */
    void register(WalchanEndpoint endpoint, ChannelSettings settings) {
        synchronized (channels) {
            ChannelSettings wanted = settings != null ? settings : endpoint.channel().settings();
            SharedChannel channel = channels.computeIfAbsent(endpoint.getDirectory(),
                    dir -> new SharedChannel(dir, codec));
            channel.register(endpoint, wanted);
            endpoint.bind(endpoint.getDirectory(), channel, mapper, codec);
        }
    }

    /** Removes a shut down endpoint; the channel is forgotten with its last endpoint. */
    void unregister(WalchanEndpoint endpoint) {
        synchronized (channels) {
            SharedChannel channel = channels.get(endpoint.getDirectory());
            if (channel != null && channel.unregister(endpoint)) {
                channels.remove(endpoint.getDirectory());
            }
        }
    }

    /**
     * The key of a directory: absolute, normalized, with symbolic links resolved as far
     * as the path exists (the rest is created when the channel opens).
     */
    static Path canonical(String dir) throws IOException {
        Path abs = Path.of(dir).toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        return existing.toRealPath().resolve(existing.relativize(abs));
    }

    /** @return the default options of every endpoint */
    public WalchanConfiguration getConfiguration() {
        return configuration;
    }

    /** @param configuration the default options of every endpoint */
    public void setConfiguration(WalchanConfiguration configuration) {
        this.configuration = configuration;
    }

    /** @return the Jackson mapper for JSON bodies and the header block */
    public ObjectMapper getObjectMapper() {
        return objectMapper;
    }
}

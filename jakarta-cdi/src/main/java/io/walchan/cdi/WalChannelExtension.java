package io.walchan.cdi;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The portable extension of walchan-cdi (registered in
 * {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}). It finds
 * mistakes at deployment rather than at the first injection, and closes the
 * channels last at shutdown.
 *
 * <ul>
 *   <li>Each {@code Sender}, {@code SyncSender} or {@code Receiver} injection point
 *       qualified {@link WalChannel} (also inside {@code Instance<>} or
 *       {@code Provider<>}) must have a concrete message type (not raw, no wildcard,
 *       no type variable), a valid directory and valid option values, and a bound
 *       that suits its type. A violation is a definition error.</li>
 *   <li>All injection points of one directory must agree on bound, durability and
 *       message type, and its receivers on the commit options; then the channel must
 *       open (not locked, not damaged, a writable directory). A violation is a
 *       deployment problem. So is an {@code ObjectMapper} bean that is ambiguous or
 *       that the container cannot proxy.</li>
 *   <li>At {@link BeforeShutdown}, after every context is destroyed, it closes the
 *       channels that {@link WalChannels} handed over when it was destroyed.</li>
 * </ul>
 *
 * <p>Every message names the injection point and says how to fix it. Injection
 * points looked up at run time ({@code Instance.select}) and {@link WalChannels}
 * calls are checked when they are made.
 */
public class WalChannelExtension implements Extension {

    private static final System.Logger LOG = System.getLogger(WalChannelExtension.class.getName());

    /** Containers may fire ProcessInjectionPoint from several threads. */
    private final Collection<InjectionUse> uses = new ConcurrentLinkedQueue<>();
    /** Channels to close at BeforeShutdown. */
    private final Collection<OpenChannel<?>> toClose = new ConcurrentLinkedQueue<>();

    /** Created by the container through the service loader. */
    public WalChannelExtension() {
    }

    /** Checks one injection point on its own and remembers it for {@link #validate}. */
    void collect(@Observes ProcessInjectionPoint<?, ?> pip) {
        InjectionPoint ip = pip.getInjectionPoint();
        WalChannel qualifier = InjectionPoints.qualifier(ip);
        if (qualifier == null || ip.getAnnotated().isAnnotationPresent(Disposes.class)) {
            return; // OpenWebBeans also reports the disposed parameter of our disposer methods.
        }
        Type injected = InjectionPoints.injectedType(ip);
        Class<?> raw = InjectionPoints.rawType(injected);
        Role role = raw == null ? null : Role.of(raw);
        if (role == null) {
            return; // Not ours: the container resolves it against the application's beans.
        }
        String where = InjectionPoints.describe(ip);
        try {
            Type messageType = InjectionPoints.messageType(injected);
            ChannelSettings settings = ChannelSettings.of(qualifier);
            role.checkBound(settings);
            JavaType javaType = TypeFactory.defaultInstance().constructType(messageType);
            uses.add(new InjectionUse(where, role, settings, javaType));
        } catch (IllegalArgumentException e) {
            pip.addDefinitionError(new DefinitionException("walchan-cdi: @WalChannel " + role.typeName()
                    + " at " + where + ": " + e.getMessage(), e));
        }
    }

    /** Checks the injection points of each directory together, then probes each channel. */
    void validate(@Observes AfterDeploymentValidation adv, BeanManager beanManager) {
        if (uses.isEmpty()) {
            return;
        }
        checkObjectMapper(adv, beanManager);
        for (DeploymentValidator.Problem p : DeploymentValidator.validate(new ArrayList<>(uses))) {
            adv.addDeploymentProblem(new DeploymentException("walchan-cdi: " + p.message(), p.cause()));
        }
        uses.clear();
    }

    /** The mapper is looked up when the first channel opens; a problem with it is found here instead. */
    private static void checkObjectMapper(AfterDeploymentValidation adv, BeanManager beanManager) {
        Set<Bean<?>> beans = beanManager.getBeans(ObjectMapper.class);
        if (beans.isEmpty()) {
            return;
        }
        Bean<?> bean;
        try {
            bean = beanManager.resolve(beans);
        } catch (RuntimeException e) {
            adv.addDeploymentProblem(new DeploymentException("walchan-cdi: several @Default ObjectMapper beans "
                    + beans + "; walchan-cdi writes JSON with the application's one: keep one @Default bean, mark"
                    + " one @Alternative @Priority, or qualify the others", e));
            return;
        }
        if (bean != null && beanManager.isNormalScope(bean.getScope())) {
            try {
                beanManager.getReference(bean, ObjectMapper.class, beanManager.createCreationalContext(bean));
            } catch (RuntimeException e) {
                adv.addDeploymentProblem(new DeploymentException("walchan-cdi: the ObjectMapper bean " + bean
                        + " is @" + bean.getScope().getSimpleName() + " but this container cannot proxy"
                        + " ObjectMapper (it has final methods); declare it @Singleton or @Dependent", e));
            }
        }
    }

    /**
     * Takes channels to close at {@link BeforeShutdown}.
     *
     * @param channels channels the registry no longer serves
     */
    void closeAtShutdown(Collection<OpenChannel<?>> channels) {
        toClose.addAll(channels);
    }

    /** Closes the channels handed over by {@link WalChannels}: every context is destroyed by now. */
    void closeChannels(@Observes BeforeShutdown shutdown) {
        List<OpenChannel<?>> open = new ArrayList<>(toClose);
        toClose.clear();
        try {
            WalChannels.closeAll(open);
        } catch (RuntimeException e) {
            // Shutdown goes on; what was acknowledged and not committed is delivered again after restart.
            LOG.log(System.Logger.Level.ERROR, "walchan-cdi: " + e.getMessage(), e);
        }
    }
}

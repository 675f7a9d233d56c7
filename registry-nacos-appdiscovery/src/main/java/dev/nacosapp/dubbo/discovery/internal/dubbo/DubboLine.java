package dev.nacosapp.dubbo.discovery.internal.dubbo;

import java.util.concurrent.Future;
import org.apache.dubbo.common.deploy.ModuleDeployer;

/**
 * The Dubbo line the application runs on (3.2.x or 3.3.x), told once from what its classes offer, and what nacos-app
 * does differently on each. The library is compiled against 3.3; everything that 3.2 lacks is reached only through
 * the {@link #V3_3} constant, so no call ever meets a missing method. Immutable and thread-safe.
 */
public enum DubboLine {
    /**
     * Dubbo 3.2.x. Its deployers have no COMPLETION state: a started module stays STARTED. It completes the module's
     * start future where 3.3 enters COMPLETION, once the services are registered and the references checked.
     */
    V3_2 {
        @Override
        boolean hasCompleted(ModuleDeployer startedModule) {
            Future<?> start = startedModule.getStartFuture();
            // Never null once a module has started; without a future there is no start that a failure could stop.
            return start == null || start.isDone();
        }

        /**
         * 3.2's application deployer registers the instance, and exports the MetadataService, only when
         * register-consumer is unset (it defaults to true there) or true: false keeps a provider out of the registry
         * as well as a consumer.
         */
        @Override
        public boolean registersProviders(Boolean registerConsumer) {
            return registerConsumer == null || registerConsumer;
        }
    },

    /**
     * Dubbo 3.3.x. A module goes from STARTED to COMPLETION once its services are registered and its references
     * checked ({@code Deployer.isCompletion()}, added in 3.3; {@code isStarted()} still holds after it).
     */
    V3_3 {
        @Override
        boolean hasCompleted(ModuleDeployer startedModule) {
            return startedModule.isCompletion();
        }

        /** 3.3 registers an application that exports services whatever register-consumer says (default false). */
        @Override
        public boolean registersProviders(Boolean registerConsumer) {
            return true;
        }
    };

    private static final DubboLine RUNNING = of(ModuleDeployer.class);

    /** The line of the Dubbo that loaded this library, decided when this class is first used. */
    public static DubboLine running() {
        return RUNNING;
    }

    /** The line whose module deployer type this is: only 3.3's has {@code isCompletion()}. */
    static DubboLine of(Class<?> moduleDeployerType) {
        try {
            moduleDeployerType.getMethod("isCompletion");
            return V3_3;
        } catch (NoSuchMethodException e) {
            return V3_2;
        }
    }

    /**
     * Whether the module is still starting: Dubbo registers this application's instance from the module's start, on
     * the thread that started it (or the one that finishes an asynchronous export), where a thrown {@code Error} stops
     * the start. Once the module has completed, a registration comes from Dubbo's refresh task or a later export, where
     * it must not throw. A pending module (created while the application runs, not yet started) is not starting.
     */
    public boolean isStarting(ModuleDeployer deployer) {
        return deployer.isStarting() || (deployer.isStarted() && !hasCompleted(deployer));
    }

    /** Whether a module that has started has also completed its start; asked only of a started module. */
    abstract boolean hasCompleted(ModuleDeployer startedModule);

    /**
     * Whether this Dubbo registers an application that exports services, given its
     * {@code dubbo.application.register-consumer} ({@code null} when unset).
     */
    public abstract boolean registersProviders(Boolean registerConsumer);
}

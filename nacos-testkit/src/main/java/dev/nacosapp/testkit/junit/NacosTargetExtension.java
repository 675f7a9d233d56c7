package dev.nacosapp.testkit.junit;

import dev.nacosapp.testkit.server.NacosTarget;
import dev.nacosapp.testkit.server.NacosTargetConfig;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * Starts the Nacos target selected by {@code nacos.target} once per test class and injects it as a
 * {@link NacosTarget} parameter of constructors, lifecycle methods and test methods.
 *
 * <p>Settings come from JUnit configuration parameters, which fall back to system properties, so
 * {@code -Dnacos.target=container} works from the command line (see {@link NacosTargetConfig} for the keys). The
 * target is kept in the store of the top-level test class, shared by its nested classes, started when a test
 * first uses it and closed when that class finishes: a class whose tests all call
 * {@link NacosTarget#requireEmbedded} skips on a container run without starting a container. A target that cannot
 * run here ({@code container} without Docker) skips every test that uses it with the reason, so reports show them
 * as skipped (a {@code @BeforeAll} method that uses the target aborts the whole class instead); {@code external}
 * without a valid {@code nacos.addr} fails the class with a message that says what to set. Thread-safe: JUnit's
 * store computes the state once.
 *
 * <pre>{@code
 * @ExtendWith(NacosTargetExtension.class)
 * class RegistrationIT {
 *     @Test
 *     void registers(NacosTarget nacos) { ... }
 * }
 * }</pre>
 */
public final class NacosTargetExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(NacosTargetExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        // Reads and checks the settings before the first test, so configuration errors fail the class here.
        state(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // Nothing to do: the target starts when a test first uses it, so a class whose tests all skip on this
        // target (requireEmbedded on a container run) never starts it.
        state(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == NacosTarget.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        // JUnit reports any exception from a resolver as an error, so a target that cannot run is handed out as a
        // stand-in and the test is skipped by beforeEach instead.
        return state(extensionContext).targetOrStandIn();
    }

    /**
     * Returns the target of the test class the context belongs to, starting it on first use.
     *
     * @param context any context inside the test class
     * @return the running target
     * @throws TestAbortedException when the selected target cannot run here
     */
    public static NacosTarget target(ExtensionContext context) {
        return state(context).target();
    }

    private static TargetState state(ExtensionContext context) {
        ExtensionContext classContext = topLevelClassContext(context);
        return classContext
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(TargetState.class, key -> TargetState.start(classContext), TargetState.class);
    }

    private static ExtensionContext topLevelClassContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getParent().isPresent()
                && current.getParent().get().getTestClass().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** The class's target, started on first use; closes it with the class's store. */
    private record TargetState(LazyTarget lazy) implements ExtensionContext.Store.CloseableResource {

        static TargetState start(ExtensionContext context) {
            NacosTargetConfig config;
            try {
                config = NacosTargetConfig.from(context::getConfigurationParameter);
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(e.getMessage(), e);
            }
            return new TargetState(new LazyTarget(config));
        }

        NacosTarget target() {
            // Starts it (or aborts with the reason it cannot run here).
            lazy.serverAddr();
            return lazy;
        }

        NacosTarget targetOrStandIn() {
            return lazy;
        }

        @Override
        public void close() {
            lazy.close();
        }
    }
}

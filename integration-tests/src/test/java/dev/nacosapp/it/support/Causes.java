package dev.nacosapp.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.app.ProviderMain;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractStringAssert;

/** Walks an exception's cause chain, where Dubbo tends to bury the error that matters. */
public final class Causes {

    private Causes() {}

    /**
     * Lists an exception and its causes.
     *
     * @param error the exception
     * @return the exception first, then each cause
     */
    public static List<Throwable> of(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /**
     * Asserts that a startup failed because of an exception of the given type, and returns its message to assert on.
     * The assertion error shows the whole cause chain when there is no such exception.
     *
     * @param failure what startup threw, null when it did not fail
     * @param type the exception expected among the causes
     * @return an assertion on that exception's message
     */
    public static AbstractStringAssert<?> assertCausedBy(Throwable failure, Class<? extends Throwable> type) {
        assertThat(failure).as("the startup failure").isNotNull();
        Throwable cause = of(failure).stream()
                .filter(type::isInstance)
                .findFirst()
                .orElseThrow(() -> new AssertionError("Expected startup to fail with a " + type.getSimpleName()
                        + " among the causes, but the causes were: " + ProviderMain.causeChain(failure)));
        return assertThat(cause.getMessage()).as("message of the %s", type.getSimpleName());
    }
}

package dev.nacosapp.dubbo.discovery.internal.watch;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_EMPTY_ADDRESS;

import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;

/**
 * Empty-push protection of one application: whether it holds the last good list instead of what Nacos says, since
 * when, and whether Nacos has by now confirmed that the providers are gone. It holds from the first push (or direct
 * query) with no usable instance while a list is held, and lets go when usable instances come back, or when direct
 * queries, answered while connected, have found none at every check for the timeout: a restarted server lists the
 * providers again within seconds, providers that are really gone do not come back. Changed only by the dispatcher's
 * one task for the application; read by any thread.
 */
final class EmptyProtection {
    private static final ErrorTypeAwareLogger LOGGER = LoggerFactory.getErrorTypeAwareLogger(EmptyProtection.class);

    private final String application;
    private final boolean on;
    /** How long Nacos must answer "no usable instance" before protection lets go; 0: never. */
    private final long timeoutMillis;
    /** Wall-clock time protection started keeping the last good list, or 0 while it is not. */
    private volatile long holdingSinceMillis;
    /**
     * Wall-clock time of the first of the direct queries in a row, all answered while connected, that found no usable
     * instance while protection held; 0 when none is being counted.
     */
    private volatile long emptyAnsweredSinceMillis;

    EmptyProtection(String application, boolean on, long timeoutMillis) {
        this.application = application;
        this.on = on;
        this.timeoutMillis = timeoutMillis;
    }

    boolean isOn() {
        return on;
    }

    boolean isHolding() {
        return holdingSinceMillis != 0;
    }

    long holdingSinceMillis() {
        return holdingSinceMillis;
    }

    /** When protection lets go if Nacos keeps answering that nothing is left, or 0 while nothing is counted. */
    long releaseMillis() {
        long since = emptyAnsweredSinceMillis;
        return since == 0 || timeoutMillis == 0 ? 0 : since + timeoutMillis;
    }

    /** A push with no usable instance was dropped and the last good list kept; said once until protection ends. */
    void pushDropped(int pushedSize, int keptSize) {
        if (holdingSinceMillis == 0) {
            holdingSinceMillis = System.currentTimeMillis();
            LOGGER.warn(
                    REGISTRY_EMPTY_ADDRESS,
                    "empty push from Nacos",
                    "",
                    "nacos-app: Nacos pushed no healthy instance of application '" + application + "' (" + pushedSize
                            + " instances); keeping the last " + keptSize
                            + " instances (empty-push-protection=true)" + releaseNote()
                            + " Further such pushes for this application are counted, not logged, until instances"
                            + " come back.");
        }
    }

    /**
     * A direct query answered at {@code answeredAtMillis} found no usable instance while a list is held. Returns
     * whether Nacos has now said so at every check for the timeout: the providers are gone, and protection ends.
     */
    boolean emptyAnswered(long answeredAtMillis, int answeredSize, int keptSize) {
        if (holdingSinceMillis == 0) {
            holdingSinceMillis = answeredAtMillis;
            LOGGER.warn(
                    REGISTRY_EMPTY_ADDRESS,
                    "no instance in Nacos",
                    "",
                    "nacos-app: Nacos answers that application '" + application + "' has no healthy instance ("
                            + answeredSize + " instances); keeping the last " + keptSize
                            + " instances (empty-push-protection=true)" + releaseNote());
        }
        if (emptyAnsweredSinceMillis == 0) {
            // Never before protection began: a query sent before the push it drops may be answered after it.
            emptyAnsweredSinceMillis = Math.max(answeredAtMillis, holdingSinceMillis);
        }
        long answeredFor = answeredAtMillis - emptyAnsweredSinceMillis;
        if (timeoutMillis == 0 || answeredFor < timeoutMillis) {
            return false;
        }
        LOGGER.warn(
                REGISTRY_EMPTY_ADDRESS,
                "no instance in Nacos",
                "",
                "nacos-app: Nacos has answered for " + answeredFor + " ms that application '" + application
                        + "' has no healthy instance (empty-push-protection-timeout=" + timeoutMillis
                        + "ms); its providers are gone: delivering the empty list.");
        holdingSinceMillis = 0;
        emptyAnsweredSinceMillis = 0;
        return true;
    }

    /** Usable instances are there again (pushed or answered). */
    void end() {
        emptyAnsweredSinceMillis = 0;
        if (holdingSinceMillis != 0) {
            LOGGER.info("nacos-app: application '" + application + "' has healthy instances again; protection ends");
            holdingSinceMillis = 0;
        }
    }

    /** The client lost its connection: the answers counted must come in a row from a connected client. */
    void connectionLost() {
        emptyAnsweredSinceMillis = 0;
    }

    private String releaseNote() {
        return timeoutMillis == 0
                ? "."
                : "; if Nacos keeps answering so for " + timeoutMillis
                        + " ms (empty-push-protection-timeout), the empty list is delivered.";
    }
}

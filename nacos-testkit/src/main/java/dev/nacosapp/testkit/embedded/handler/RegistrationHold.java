package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.naming.remote.NamingRemoteConstants;
import com.alibaba.nacos.api.naming.remote.request.BatchInstanceRequest;
import com.alibaba.nacos.api.naming.remote.request.InstanceRequest;
import com.alibaba.nacos.api.remote.request.Request;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Refuses ephemeral instance registrations for a while after a restart, so that subscriptions redone by
 * nacos-client are answered (and their current, empty, list pushed) before any registration is: the worst case of
 * the race a real Nacos restart runs between the clients' redo tasks.
 *
 * <p>A refusal is what a real Nacos' TPS control sends for a request over its limit: the handler's own response
 * type with error code 503 ({@code OVER_THRESHOLD}) and a message starting {@code Tps Flow restricted:}. nacos-client
 * reports it as a failed call and its redo task repeats the registration every 3 s until one is accepted.
 * Deregistrations, persistent instances, subscriptions and queries are never held; a batch deregistration is, as
 * nacos-client sends it as a batch registration of the instances that remain.
 *
 * <p>The hold is armed when the run is created and refuses from then on; its duration is counted from
 * {@link #begin()}, called once the server listens. Thread-safe.
 */
public final class RegistrationHold {

    /** The prefix of Nacos' TPS control refusals, followed here by why the embedded server refuses. */
    public static final String REFUSAL_PREFIX = "Tps Flow restricted:";

    private static final long NOT_BEGUN = Long.MIN_VALUE;

    private final Duration duration;

    private final LongSupplier nanoClock;

    private volatile long beganAt = NOT_BEGUN;

    private RegistrationHold(Duration duration, LongSupplier nanoClock) {
        this.duration = duration;
        this.nanoClock = nanoClock;
    }

    /**
     * A hold that never refuses anything.
     *
     * @return the hold
     */
    public static RegistrationHold none() {
        return new RegistrationHold(Duration.ZERO, System::nanoTime);
    }

    /**
     * An armed hold: it refuses registrations from now until {@code duration} after {@link #begin()}.
     *
     * @param duration how long after {@link #begin()} registrations are refused; zero for no hold
     * @param nanoClock a monotonic clock in nanoseconds, such as {@code System::nanoTime}
     * @return the hold
     */
    public static RegistrationHold of(Duration duration, LongSupplier nanoClock) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
        return new RegistrationHold(duration, Objects.requireNonNull(nanoClock, "nanoClock"));
    }

    /** Starts counting the duration; later calls change nothing. */
    public void begin() {
        if (beganAt == NOT_BEGUN) {
            beganAt = nanoClock.getAsLong();
        }
    }

    /**
     * Tells whether registrations are refused right now.
     *
     * @return true while the hold lasts
     */
    public boolean isHolding() {
        if (duration.isZero()) {
            return false;
        }
        long began = beganAt;
        return began == NOT_BEGUN || nanoClock.getAsLong() - began < duration.toNanos();
    }

    /**
     * Returns the refusal message for a request the hold refuses now.
     *
     * @param request any request
     * @return the message, or empty when the request is not a registration or the hold is over
     */
    public Optional<String> refusal(Request request) {
        if (!isRegistration(request) || !isHolding()) {
            return Optional.empty();
        }
        return Optional.of(REFUSAL_PREFIX + " registrations are held for " + duration.toMillis()
                + " ms after a restart (EmbeddedNacosServer.registrationHoldAfterRestart)");
    }

    private static boolean isRegistration(Request request) {
        if (request instanceof InstanceRequest instance) {
            // PersistentInstanceRequest is no InstanceRequest: persistent instances are not redone by the client.
            return NamingRemoteConstants.REGISTER_INSTANCE.equals(instance.getType());
        }
        return request instanceof BatchInstanceRequest;
    }
}

package dev.nacosapp.dubbo.discovery.internal.registration;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Registration}s of the open discoveries of one Dubbo framework, so that a probe can tell whether any of
 * them still waits for Nacos to accept its instance. Thread-safe; never blocks.
 */
public final class RegistrationTracker {
    private final Set<Registration> registrations = ConcurrentHashMap.newKeySet();

    /** Counts a discovery's registration from now until {@link #remove}. */
    public void add(Registration registration) {
        registrations.add(registration);
    }

    /** Stops counting a registration, when its discovery is destroyed. */
    public void remove(Registration registration) {
        registrations.remove(registration);
    }

    /** Whether any counted registration has an instance Nacos has not accepted yet ({@link Registration#awaitsAcceptance()}). */
    public boolean anyAwaitsAcceptance() {
        for (Registration registration : registrations) {
            if (registration.awaitsAcceptance()) {
                return true;
            }
        }
        return false;
    }
}

package dev.nacosapp.dubbo.discovery.internal.watch;

import com.alibaba.nacos.api.naming.pojo.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The newest push of one application not yet converted, handed from nacos-client's event thread to the dispatcher, or
 * the answer to a direct query that checks the list listeners hold.
 * A push arriving before the previous one was taken replaces it (coalescing), and what nacos-client found changed
 * in the replaced one is kept with it; so is what changed in pushes that empty-push protection dropped. Without that,
 * an instance changed in a skipped push could be taken for unchanged and reused. Thread-safe: {@link #offer} from any
 * thread, the rest from the dispatcher's one task for the application.
 */
final class PendingPush {
    private final AtomicReference<Push> pending = new AtomicReference<Push>();
    /** What changed in pushes that were dropped. Only touched by the dispatcher's one task. */
    private ChangeHint dropped;

    /** A push and what changed in it since the last push converted, or the answer to a direct query. */
    static final class Push {
        final List<Instance> instances;
        final ChangeHint hint;
        /** Whether this is the answer to a direct query rather than a push ({@link #offerQueried}). */
        final boolean queried;
        /** For a queried list: the conversion's ticket taken before the query was sent. */
        final long ticket;
        /** For a queried list: wall-clock time the query was answered. */
        final long answeredAtMillis;

        Push(List<Instance> instances, ChangeHint hint) {
            this(instances, hint, false, 0, 0);
        }

        private Push(List<Instance> instances, ChangeHint hint, boolean queried, long ticket, long answeredAtMillis) {
            this.instances = instances;
            this.hint = hint;
            this.queried = queried;
            this.ticket = ticket;
            this.answeredAtMillis = answeredAtMillis;
        }
    }

    /**
     * Takes a push; returns whether it replaced a push not yet taken (a waiting queried list is replaced too, not
     * counted: a push is at least as new as a query answered before it arrived, and the next check repeats it).
     * Cheap, safe on nacos-client's event thread.
     */
    boolean offer(List<Instance> instances, ChangeHint hint) {
        // A copy: nacos-client hands the same list to every listener of the service, and user code may change it.
        List<Instance> copy = new ArrayList<Instance>(instances);
        while (true) {
            Push previous = pending.get();
            Push push = new Push(copy, previous == null ? hint : hint.after(previous.hint));
            if (pending.compareAndSet(previous, push)) {
                return previous != null && !previous.queried;
            }
        }
    }

    /**
     * Takes the answer to a direct query, read after {@code ticket} was taken, unless a push is waiting: that push may
     * be newer than the answer, and it is converted anyway. Returns whether the answer was taken.
     */
    boolean offerQueried(List<Instance> instances, long ticket, long answeredAtMillis) {
        return pending.compareAndSet(
                null, new Push(new ArrayList<Instance>(instances), ChangeHint.UNKNOWN, true, ticket, answeredAtMillis));
    }

    /** The newest push with everything skipped before it, or null if none is waiting. */
    Push take() {
        Push push = pending.getAndSet(null);
        if (push == null || dropped == null) {
            return push;
        }
        return new Push(push.instances, push.hint.after(dropped), push.queried, push.ticket, push.answeredAtMillis);
    }

    /** Records that a taken push was dropped instead of converted: the next one has to consider its changes. */
    void drop(Push push) {
        dropped = push.hint;
    }

    /** Records that a taken push was converted: listeners now have everything before it. */
    void converted() {
        dropped = null;
    }

    boolean isWaiting() {
        return pending.get() != null;
    }

    void clear() {
        pending.set(null);
    }
}

package dev.nacosapp.dubbo.discovery.internal.watch;

import com.alibaba.nacos.api.naming.pojo.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The newest push of one application not yet converted, handed from nacos-client's event thread to the dispatcher.
 * A push arriving before the previous one was taken replaces it (coalescing), and what nacos-client found changed
 * in the replaced one is kept with it; so is what changed in pushes that empty-push protection dropped. Without that,
 * an instance changed in a skipped push could be taken for unchanged and reused. Thread-safe: {@link #offer} from any
 * thread, the rest from the dispatcher's one task for the application.
 */
final class PendingPush {
    private final AtomicReference<Push> pending = new AtomicReference<Push>();
    /** What changed in pushes that were dropped. Only touched by the dispatcher's one task. */
    private ChangeHint dropped;

    /** A push and what changed in it since the last push converted. */
    static final class Push {
        final List<Instance> instances;
        final ChangeHint hint;

        Push(List<Instance> instances, ChangeHint hint) {
            this.instances = instances;
            this.hint = hint;
        }
    }

    /** Takes a push; returns whether it replaced one not yet taken. Cheap, safe on nacos-client's event thread. */
    boolean offer(List<Instance> instances, ChangeHint hint) {
        // A copy: nacos-client hands the same list to every listener of the service, and user code may change it.
        List<Instance> copy = new ArrayList<Instance>(instances);
        while (true) {
            Push previous = pending.get();
            Push push = new Push(copy, previous == null ? hint : hint.after(previous.hint));
            if (pending.compareAndSet(previous, push)) {
                return previous != null;
            }
        }
    }

    /** The newest push with everything skipped before it, or null if none is waiting. */
    Push take() {
        Push push = pending.getAndSet(null);
        if (push == null || dropped == null) {
            return push;
        }
        return new Push(push.instances, push.hint.after(dropped));
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

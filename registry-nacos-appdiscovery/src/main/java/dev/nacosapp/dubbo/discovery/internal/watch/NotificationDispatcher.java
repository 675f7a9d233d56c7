package dev.nacosapp.dubbo.discovery.internal.watch;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs listener notifications off nacos-client's event thread, on one small executor shared by every application.
 * At most one task per application is queued or running at any time, so per-application order holds, a burst of
 * pushes coalesces into one notification with the newest list, and the queue never holds more tasks than there are
 * watched applications. A slow or failing listener only ever occupies its own application's task. Thread-safe.
 */
public final class NotificationDispatcher {
    private final Executor executor;

    public NotificationDispatcher(Executor executor) {
        this.executor = executor;
    }

    void schedule(final AppWatch watch) {
        if (!watch.claim()) {
            return;
        }
        try {
            executor.execute(new Runnable() {
                @Override
                public void run() {
                    try {
                        watch.drain();
                    } finally {
                        watch.unclaim();
                        if (watch.hasPending()) {
                            schedule(watch);
                        }
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // Only happens while Dubbo shuts down; there is nobody left to notify.
            watch.unclaim();
        }
    }
}

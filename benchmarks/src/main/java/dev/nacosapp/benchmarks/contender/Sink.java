package dev.nacosapp.benchmarks.contender;

import java.util.List;

/** Receives what a contender's listener was handed for one application. Called on the contender's own thread. */
@FunctionalInterface
public interface Sink {
    /**
     * @param arrivalNanos {@link System#nanoTime()} taken first thing in the listener
     * @param instances the list the listener was given: Nacos {@code Instance}s for the raw client, Dubbo
     *     {@code ServiceInstance}s for the Dubbo contenders
     */
    void delivered(long arrivalNanos, List<?> instances);
}

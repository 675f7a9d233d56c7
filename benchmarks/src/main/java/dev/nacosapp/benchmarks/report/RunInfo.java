package dev.nacosapp.benchmarks.report;

import java.time.Duration;
import java.time.Instant;

/**
 * How a run was made, for the report header: when, how long, against which server and with what sample sizes.
 * Immutable.
 */
public record RunInfo(Instant startedAt, Duration duration, String server, String command, String settings) {}

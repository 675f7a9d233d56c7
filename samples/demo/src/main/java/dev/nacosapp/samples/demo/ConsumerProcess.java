package dev.nacosapp.samples.demo;

import dev.nacosapp.testkit.process.ChildJvm;
import dev.nacosapp.testkit.process.ChildJvmBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The consumer JVM in its interactive mode: the demo writes commands to its standard input and reads the lines it
 * prints. Its stderr goes to a file; its own logs go to the file named by {@code samples.log.file}. One thread
 * talks to it; a daemon thread reads its output.
 */
final class ConsumerProcess extends ChildProcess {
    private static final String END_OF_OUTPUT = "\u0000end";
    private static final Duration QUIT_WAIT = Duration.ofSeconds(5);

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Writer stdin;
    private boolean quitSent;

    private ConsumerProcess(ChildJvm jvm) {
        super(jvm);
        this.stdin = new OutputStreamWriter(jvm.stdin(), StandardCharsets.UTF_8);
    }

    /** Starts the JVM with its stdout piped to the demo, its stderr written to the builder's log. */
    static ConsumerProcess start(ChildJvmBuilder jvm) {
        ConsumerProcess consumer = new ConsumerProcess(jvm.pipeStdout().start());
        Thread reader = new Thread(consumer::readOutput, consumer.name() + "-output");
        reader.setDaemon(true);
        reader.start();
        return consumer;
    }

    private void readOutput() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(jvm().stdout(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The process is gone; END_OF_OUTPUT tells the waiting side.
        } finally {
            lines.add(END_OF_OUTPUT);
        }
    }

    /** Sends one command line. */
    void send(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new DemoFailure(name() + " no longer takes commands (" + e.getMessage() + "); see " + output());
        }
    }

    /** Reads lines until one matches {@code last}; returns them all, the matching one included. */
    List<String> readUntil(Predicate<String> last, Duration timeout) {
        List<String> read = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line;
            try {
                line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailure("interrupted while waiting for " + name());
            }
            if (line == null) {
                throw new DemoFailure(name() + " did not answer within " + timeout.toSeconds() + " s; see " + output());
            }
            if (line.equals(END_OF_OUTPUT)) {
                lines.add(END_OF_OUTPUT);
                throw new DemoFailure(name() + " ended unexpectedly; see " + output());
            }
            read.add(line);
            if (last.test(line)) {
                return read;
            }
        }
    }

    /** Asks the consumer to quit, which it does without a signal; SIGTERM if it no longer listens. */
    @Override
    void stopAsync() {
        if (!quitSent) {
            quitSent = true;
            try {
                stdin.write("quit\n");
                stdin.close();
                return;
            } catch (IOException e) {
                // No longer reading its input: fall through to SIGTERM.
            }
        }
        super.stopAsync();
    }

    /** Asks the consumer to quit and waits a little, then stops it like any other process. */
    @Override
    boolean stop() {
        stopAsync();
        try {
            if (jvm().awaitExit(QUIT_WAIT)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return super.stop();
    }
}

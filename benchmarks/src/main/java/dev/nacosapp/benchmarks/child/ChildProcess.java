package dev.nacosapp.benchmarks.child;

import dev.nacosapp.testkit.process.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A running child JVM and the line protocol spoken with it: the harness writes one command per line to its stdin;
 * the child answers on stdout with lines {@code @bench <keyword> <values…>} (see {@link #report}). Other stdout lines
 * (banners, stray prints) are copied to a {@code .out} file. Lines the child sends unasked go to the handler given with
 * {@link #on}. The JVM itself is the test kit's {@link ChildJvm}. Not thread-safe: one harness thread drives a child.
 */
public final class ChildProcess implements AutoCloseable {
    private static final String PREFIX = "@bench ";
    private static final String EOF = PREFIX + "eof";

    /**
     * System properties handed down to every child when the harness has them: run.sh points the home, log and cache
     * directories into the benchmark's work directory, so nothing a child writes lands outside it.
     */
    private static final List<String> INHERITED = List.of(
            "user.home",
            "JM.LOG.PATH",
            "JM.SNAPSHOT.PATH",
            "nacos.logging.default.config.enabled",
            "org.slf4j.simpleLogger.defaultLogLevel",
            "org.slf4j.simpleLogger.logFile");

    private final String name;
    private final ChildJvm jvm;
    private final PrintWriter stdin;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Map<String, Consumer<String[]>> handlers = new ConcurrentHashMap<>();

    private ChildProcess(ChildJvm jvm, Path strayOutput) {
        this.name = jvm.name();
        this.jvm = jvm;
        this.stdin = new PrintWriter(jvm.stdin(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> pump(strayOutput), "bench-child-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code main} of this module in a fresh JVM on the harness's own classpath and JDK, with only the given
     * JVM flags (no start-up flags of the test kit: several phases measure the child's own work) and the inherited
     * properties. Its stderr is appended to {@code <logDir>/<name>.log}, stray stdout to {@code <logDir>/<name>.out}.
     *
     * @param name names the log files, the reading thread and error messages
     * @throws java.io.UncheckedIOException when the JVM cannot start
     */
    public static ChildProcess start(
            Path logDir, String name, Class<?> main, List<String> jvmFlags, List<String> args) {
        ChildJvm jvm = ChildJvm.builder(name, main.getName())
                .flags(jvmFlags)
                .inherit(INHERITED)
                .args(args)
                .log(logDir.resolve(name + ".log"))
                .appendLog()
                .pipeStdout()
                .start();
        return new ChildProcess(jvm, logDir.resolve(name + ".out"));
    }

    /** Child side: writes one protocol line and flushes. Thread-safe. */
    public static synchronized void report(String keyword, Object... values) {
        StringBuilder line = new StringBuilder(PREFIX).append(keyword);
        for (Object value : values) {
            line.append(' ').append(value);
        }
        System.out.println(line);
        System.out.flush();
    }

    /** What a child does for one command: the command's words, the first being its name. */
    @FunctionalInterface
    public interface Command {
        void run(String[] words) throws Exception;
    }

    /**
     * Child side: reports {@code ready}, then runs each command read from stdin, one a line, by its first word, until
     * the harness closes stdin. {@code clock} is answered here, with this JVM's {@link System#nanoTime()}; an unknown
     * command fails the child.
     */
    public static void serve(Map<String, Command> commands) throws Exception {
        report("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.split(" ");
            Command command = commands.get(words[0]);
            if (words[0].equals("clock")) {
                report("clock", System.nanoTime());
            } else if (command != null) {
                command.run(words);
            } else {
                throw new IllegalArgumentException("Unknown command: " + line);
            }
        }
    }

    private void pump(Path strayOutput) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.stdout(), StandardCharsets.UTF_8));
                Writer stray =
                        Files.newBufferedWriter(strayOutput, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(PREFIX)) {
                    String[] words = line.substring(PREFIX.length()).split(" ");
                    Consumer<String[]> handler = handlers.get(words[0]);
                    if (handler != null) {
                        handler.accept(Arrays.copyOfRange(words, 1, words.length));
                    } else {
                        replies.add(line);
                    }
                } else {
                    stray.write(line);
                    stray.write('\n');
                    stray.flush();
                }
            }
        } catch (IOException e) {
            // The child went away; whoever waits for a reply learns it from the EOF marker below.
        } finally {
            replies.add(EOF);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return jvm.pid();
    }

    /**
     * Hands every later line with this keyword to {@code handler}, on the reading thread, instead of queueing it for
     * {@link #await}: for events the child sends on its own, such as deliveries.
     */
    public void on(String keyword, Consumer<String[]> handler) {
        handlers.put(keyword, handler);
    }

    /** Sends one command line. */
    public void send(String command) {
        stdin.println(command);
    }

    /**
     * Waits for the next protocol line and returns its values (the words after the keyword).
     *
     * @throws IllegalStateException when another keyword arrives, the child exits, or the time runs out
     */
    public String[] await(String keyword, Duration timeout) throws InterruptedException {
        String line = replies.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (line == null) {
            throw new IllegalStateException(name + ": no '" + keyword + "' within " + timeout.toSeconds() + " s");
        }
        if (line.equals(EOF)) {
            throw new IllegalStateException(name + ": exited before '" + keyword + "'; see its log");
        }
        String[] words = line.substring(PREFIX.length()).split(" ");
        if (!words[0].equals(keyword)) {
            throw new IllegalStateException(name + ": expected '" + keyword + "', got '" + line + "'");
        }
        String[] values = new String[words.length - 1];
        System.arraycopy(words, 1, values, 0, values.length);
        return values;
    }

    /** Fails when the child's {@link System#nanoTime()} is not on the harness's clock. */
    public void checkClock() throws InterruptedException {
        long before = System.nanoTime();
        send("clock");
        long child = Long.parseLong(await("clock", Duration.ofSeconds(10))[0]);
        long after = System.nanoTime();
        if (child < before || child > after) {
            throw new IllegalStateException("System.nanoTime() of " + name + " is not comparable with the harness's ("
                    + child + " outside [" + before + ", " + after + "]); cross-process latencies cannot be measured"
                    + " on this OS");
        }
    }

    /** SIGKILL: the child gets no chance to deregister or close its connections. Returns once it is gone. */
    public void kill() {
        jvm.kill();
    }

    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return jvm.awaitExit(timeout);
    }

    /**
     * Closes stdin and kills the child (SIGKILL) without the grace period of {@link ChildJvm#close()}: the harness is
     * done with it, and a run should not wait for a provider's or consumer's shutdown hooks.
     */
    @Override
    public void close() {
        stdin.close();
        jvm.kill();
    }
}

package dev.nacosapp.dubbo.discovery.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies what the test JVM prints to standard error and output while open, where slf4j-simple (the tests' SLF4J
 * binding, which Dubbo's logger binds to) writes every log line. slf4j-simple looks {@code System.err} up on every
 * line, so swapping it catches the log. The original streams still get every byte. Not thread-safe: one at a time.
 */
public final class CapturedOutput implements AutoCloseable {
    private final PrintStream originalErr = System.err;
    private final PrintStream originalOut = System.out;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private CapturedOutput() {
        System.setErr(new PrintStream(new Tee(originalErr, copy), true));
        System.setOut(new PrintStream(new Tee(originalOut, copy), true));
    }

    public static CapturedOutput start() {
        return new CapturedOutput();
    }

    /** Everything printed so far. */
    public String text() {
        System.err.flush();
        System.out.flush();
        synchronized (copy) {
            return new String(copy.toByteArray(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setErr(originalErr);
        System.setOut(originalOut);
    }

    private static final class Tee extends java.io.OutputStream {
        private final PrintStream original;
        private final ByteArrayOutputStream copy;

        Tee(PrintStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            original.write(b);
            synchronized (copy) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            synchronized (copy) {
                copy.write(b, off, len);
            }
        }
    }
}

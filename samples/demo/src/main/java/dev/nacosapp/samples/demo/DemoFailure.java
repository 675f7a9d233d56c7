package dev.nacosapp.samples.demo;

/** A demo step did not turn out as expected; the message says which and where to look. */
final class DemoFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DemoFailure(String message) {
        super(message);
    }
}

package dev.nacosapp.benchmarks.e2e;

/** The one Dubbo service of the end-to-end figure: answers with the token its provider JVM was started with. */
public interface EchoService {
    String echo();
}

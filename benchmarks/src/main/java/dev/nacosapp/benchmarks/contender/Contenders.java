package dev.nacosapp.benchmarks.contender;

/** Creates contenders. Stateless. */
public final class Contenders {
    private Contenders() {}

    public static Contender connect(ContenderKind kind, String serverAddr) throws Exception {
        return kind == ContenderKind.RAW
                ? RawClientContender.connect(serverAddr)
                : DubboDiscoveryContender.connect(kind, serverAddr);
    }
}

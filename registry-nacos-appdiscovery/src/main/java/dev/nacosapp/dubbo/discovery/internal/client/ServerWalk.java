package dev.nacosapp.dubbo.discovery.internal.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Visits the servers of a comma-separated {@code host:port} list one after the other, each with the gRPC port
 * nacos-client derives from it, while the time budget still leaves room for one more: the walk the startup diagnoses
 * ({@link GrpcPortProbe}, {@link TlsProbe}) share. Stateless, thread-safe.
 */
final class ServerWalk {
    /** Looks at one server; returns what is wrong with it, or null. */
    interface Check {
        String finding(String host, String bareHost, int httpPort, int grpcPort);
    }

    private final int offset;
    private final long perServerMillis;
    private final long budgetMillis;

    /**
     * @param offset what nacos-client adds to a server's port to reach its gRPC port
     * @param perServerMillis the longest one server's check may take
     * @param budgetMillis how long the whole walk may take
     */
    ServerWalk(int offset, long perServerMillis, long budgetMillis) {
        this.offset = offset;
        this.perServerMillis = perServerMillis;
        this.budgetMillis = budgetMillis;
    }

    /** The findings of {@code check} for the servers it had time for, in list order. */
    List<String> findings(String serverAddr, Check check) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
        long perServer = TimeUnit.MILLISECONDS.toNanos(perServerMillis);
        List<String> findings = new ArrayList<String>();
        for (String server : serverAddr.split(",")) {
            if (deadline - System.nanoTime() < perServer) {
                break;
            }
            int colon = server.lastIndexOf(':');
            String host = server.substring(0, colon);
            String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            int httpPort = Integer.parseInt(server.substring(colon + 1));
            int grpcPort = httpPort + offset;
            if (grpcPort > 65535) {
                continue;
            }
            String finding = check.finding(host, bareHost, httpPort, grpcPort);
            if (finding != null) {
                findings.add(finding);
            }
        }
        return findings;
    }

    /** The findings as one text, separated by "; ". */
    static String join(List<String> findings) {
        StringBuilder joined = new StringBuilder();
        for (String finding : findings) {
            joined.append(joined.length() == 0 ? "" : "; ").append(finding);
        }
        return joined.toString();
    }
}

package dev.nacosapp.testkit.embedded.grpc;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Checks, before the server starts, that the class path has what the gRPC side is built from: a nacos-client jar
 * (2.x or 3.x) that carries the shaded gRPC server under {@code com.alibaba.nacos.shaded.io.grpc}. Without it the
 * start would end in a bare {@code NoClassDefFoundError} deep inside gRPC; the check names the jar to add instead.
 *
 * <p>Both client lines ship the same shaded package names and the same generated {@code Payload} classes, so either
 * serves. What does not: no nacos-client at all, and the {@code pure} classifier (client code only, meant to be
 * combined with nacos-api and nacos-common, whose {@code Payload} is built on unshaded protobuf and which bring no gRPC
 * server). Stateless and thread-safe.
 */
public final class NacosClientRequirement {

    static final String PAYLOAD = "com.alibaba.nacos.api.grpc.auto.Payload";

    private static final String PAYLOAD_FILE = PAYLOAD.replace('.', '/') + ".class";

    static final String SHADED_SERVER_BUILDER =
            "com.alibaba.nacos.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder";

    private static final String SHADED_PREFIX = "com.alibaba.nacos.shaded.";

    private static final String VERSION_FILE = "nacos-version.txt";

    private static final String NEEDED = "The embedded Nacos server needs com.alibaba.nacos:nacos-client 2.x or 3.x"
            + " (built and tested with 2.5.1 and 3.1.1) on the class path, the jar without classifier: its gRPC"
            + " server comes from the gRPC that jar shades under com.alibaba.nacos.shaded.io.grpc.";

    private NacosClientRequirement() {}

    /**
     * Throws unless the class loader sees a nacos-client with shaded gRPC.
     *
     * @param loader the class loader the server's classes come from
     * @throws IllegalStateException naming what was found and which nacos-client is needed
     */
    public static void check(ClassLoader loader) {
        if (loader.getResource(PAYLOAD_FILE) == null) {
            throw new IllegalStateException(NEEDED + " Found no nacos-client (" + PAYLOAD + " is missing).");
        }
        String found = "nacos-client " + version(loader);
        // A Payload that does not link (its protobuf base class is missing) or extends unshaded protobuf is as unusable
        // as a missing gRPC server.
        Class<?> payload = load(PAYLOAD, loader);
        if (payload == null
                || !payload.getSuperclass().getName().startsWith(SHADED_PREFIX)
                || load(SHADED_SERVER_BUILDER, loader) == null) {
            throw new IllegalStateException(NEEDED + " Found " + found + " without shaded gRPC (the 'pure' classifier,"
                    + " or nacos-api with unshaded gRPC): depend on nacos-client without classifier instead.");
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    // nacos-common's VersionUtils reads the same file; read here so that the check loads no Nacos class.
    private static String version(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(VERSION_FILE)) {
            if (in == null) {
                return "(version unknown)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(version unknown)");
        } catch (IOException e) {
            return "(version unreadable)";
        }
    }
}

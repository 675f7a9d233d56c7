package dev.nacosapp.testkit.embedded.grpc;

import java.util.Map;

/**
 * The server ability table sent in the {@code SetupAckRequest}, keyed by ability name as it travels on the wire.
 *
 * <p>Names rather than nacos-api's {@code AbilityKey} constants: the constant of the one ability both client lines
 * know was renamed in nacos-client 3.x ({@code SERVER_SUPPORT_PERSISTENT_INSTANCE_BY_GRPC} became
 * {@code SERVER_PERSISTENT_INSTANCE_BY_GRPC}) while its name stayed, and the 3.x-only abilities have no constant in
 * 2.x. The table is the one a Nacos 3.0 server sends when its operator switched off what this server does not
 * implement ({@code nacos.core.ability.<name>=false}); a 2.x client ignores the names it does not know, and a 3.1
 * client treats the abilities a 3.0 server does not name (the agent registry) as unsupported. Immutable.
 */
public final class ServerAbilities {

    /** Persistent instances are registered over gRPC (Nacos 2.x and 3.x), so the client needs no HTTP for them. */
    public static final String PERSISTENT_INSTANCE_BY_GRPC = "supportPersistentInstanceByGrpc";

    /**
     * Fuzzy watch of naming services and configs (Nacos 3.0+). Not implemented: a 3.x client told so refuses
     * {@code fuzzyWatch} with {@code SERVER_NOT_IMPLEMENTED} instead of sending requests nobody answers.
     */
    public static final String FUZZY_WATCH = "fuzzyWatch";

    /** Distributed locks (Nacos 3.0+). Not implemented. */
    public static final String DISTRIBUTED_LOCK = "lock";

    /** The AI module's MCP server registry (Nacos 3.0+). Not implemented. */
    public static final String MCP_REGISTRY = "mcp";

    /** What the setup acknowledgement carries. */
    public static final Map<String, Boolean> TABLE = Map.of(
            PERSISTENT_INSTANCE_BY_GRPC, Boolean.TRUE,
            FUZZY_WATCH, Boolean.FALSE,
            DISTRIBUTED_LOCK, Boolean.FALSE,
            MCP_REGISTRY, Boolean.FALSE);

    private ServerAbilities() {}
}

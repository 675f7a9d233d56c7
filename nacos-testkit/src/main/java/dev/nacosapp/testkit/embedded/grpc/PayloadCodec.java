package dev.nacosapp.testkit.embedded.grpc;

import com.alibaba.nacos.api.grpc.auto.Metadata;
import com.alibaba.nacos.api.grpc.auto.Payload;
import com.alibaba.nacos.common.remote.PayloadRegistry;
import com.alibaba.nacos.common.remote.client.grpc.GrpcUtils;
import com.alibaba.nacos.common.utils.JacksonUtils;
import com.alibaba.nacos.shaded.com.google.protobuf.Any;
import com.alibaba.nacos.shaded.com.google.protobuf.UnsafeByteOperations;

/**
 * Converts between gRPC {@link Payload}s and the Nacos request and response objects, in the format nacos-client
 * uses: {@code metadata.type} is the simple class name and the body holds the object's Jackson JSON.
 *
 * <p>Server-to-client requests are encoded here rather than with {@code GrpcUtils.convert(Request)}, which looks up
 * the local host's address for every call. Stateless and thread-safe.
 */
public final class PayloadCodec {

    static {
        PayloadRegistry.init();
    }

    private PayloadCodec() {}

    /**
     * Encodes a request or response.
     *
     * @param message a Nacos {@code Request} or {@code Response}
     * @return the payload
     */
    public static Payload encode(Object message) {
        byte[] json = JacksonUtils.toJsonBytes(message);
        return Payload.newBuilder()
                .setMetadata(Metadata.newBuilder()
                        .setType(message.getClass().getSimpleName())
                        .build())
                .setBody(Any.newBuilder().setValue(UnsafeByteOperations.unsafeWrap(json)))
                .build();
    }

    /**
     * Decodes a payload into the registered request or response class, request headers included.
     *
     * @param payload the payload
     * @return the decoded object
     * @throws RuntimeException when the type is unknown or the body is not valid JSON for it
     */
    public static Object decode(Payload payload) {
        return GrpcUtils.parse(payload);
    }
}

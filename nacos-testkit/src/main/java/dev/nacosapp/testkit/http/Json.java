package dev.nacosapp.testkit.http;

import com.alibaba.nacos.common.utils.JacksonUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Lenient JSON reading for server answers: a body that is not JSON reads as a missing node. Stateless. */
final class Json {

    private Json() {}

    static JsonNode parse(String body) {
        try {
            return JacksonUtils.toObj(body);
        } catch (RuntimeException e) {
            return MissingNode.getInstance();
        }
    }
}

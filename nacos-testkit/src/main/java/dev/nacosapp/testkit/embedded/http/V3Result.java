package dev.nacosapp.testkit.embedded.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers in the envelope of Nacos' v3 API, {@code {"code":0,"message":"success","data":...}}, and its error
 * codes. Stateless.
 */
final class V3Result {

    /** Nacos' {@code ErrorCode.PARAMETER_MISSING}. */
    static final int PARAMETER_MISSING = 10000;

    /** Nacos' {@code ErrorCode.SERVER_ERROR}, used for a missing service among others. */
    static final int SERVER_ERROR = 30000;

    /** Nacos' {@code ErrorCode.NAMESPACE_ALREADY_EXIST}. */
    static final int NAMESPACE_ALREADY_EXIST = 22002;

    /** Nacos' {@code ErrorCode.ILLEGAL_NAMESPACE}. */
    static final int ILLEGAL_NAMESPACE = 22000;

    /** Nacos' {@code ErrorCode.RESOURCE_NOT_FOUND}. */
    static final int RESOURCE_NOT_FOUND = 20004;

    /** Nacos' {@code ErrorCode.API_DEPRECATED}. */
    static final int API_DEPRECATED = 40000;

    private V3Result() {}

    static HttpAnswer ok(Object data) {
        return HttpAnswer.json(body(0, "success", data));
    }

    static HttpAnswer error(int status, int code, String message, Object data) {
        HttpAnswer json = HttpAnswer.json(body(code, message, data));
        return new HttpAnswer(status, json.contentType(), json.body());
    }

    static HttpAnswer missing(String name) {
        return error(
                400,
                PARAMETER_MISSING,
                "parameter missing",
                "Required parameter '" + name + "' type String is not present");
    }

    private static Map<String, Object> body(int code, String message, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("data", data);
        return body;
    }
}

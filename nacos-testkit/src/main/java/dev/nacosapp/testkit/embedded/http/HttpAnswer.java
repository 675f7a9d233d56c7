package dev.nacosapp.testkit.embedded.http;

import com.alibaba.nacos.common.utils.JacksonUtils;

/**
 * An HTTP answer: status, content type and body. Immutable and thread-safe.
 *
 * @param status the HTTP status code
 * @param contentType the content type
 * @param body the body text
 */
public record HttpAnswer(int status, String contentType, String body) {

    private static final String JSON = "application/json;charset=UTF-8";

    private static final String TEXT = "text/plain;charset=UTF-8";

    /**
     * A 200 answer with a JSON body.
     *
     * @param value serialised with nacos-common's Jackson settings
     * @return the answer
     */
    public static HttpAnswer json(Object value) {
        return new HttpAnswer(200, JSON, JacksonUtils.toJson(value));
    }

    /**
     * A plain-text answer.
     *
     * @param status the status code
     * @param text the body
     * @return the answer
     */
    public static HttpAnswer text(int status, String text) {
        return new HttpAnswer(status, TEXT, text);
    }
}

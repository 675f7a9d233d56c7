package dev.nacosapp.testkit.http;

/**
 * An open API call that a Nacos server refused or that could not reach it. Carries the HTTP status (0 when no
 * answer came) and the server's answer.
 */
public class NacosHttpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    private final String body;

    /**
     * Creates an exception for an answer.
     *
     * @param message what was attempted, where
     * @param status the HTTP status, 0 when no answer came
     * @param body the answer's body, empty when none
     * @param cause the I/O failure, or null
     */
    public NacosHttpException(String message, int status, String body, Throwable cause) {
        super(message + (status > 0 ? " -> HTTP " + status + ": " + body : ""), cause);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }
}

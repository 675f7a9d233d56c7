package dev.nacosapp.dubbo.discovery;

/**
 * An instance's metadata is larger than the Nacos server accepts. Thrown before anything is sent, so the server never
 * sees (and nacos-client never endlessly retries) a registration it will refuse.
 */
public class MetadataTooLargeException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public MetadataTooLargeException(String message) {
        super(message);
    }
}

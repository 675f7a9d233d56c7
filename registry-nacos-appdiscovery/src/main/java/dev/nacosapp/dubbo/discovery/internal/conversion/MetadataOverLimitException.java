package dev.nacosapp.dubbo.discovery.internal.conversion;

/**
 * An instance's metadata is over the limit the Nacos server accepts; the message names the largest keys. Internal: the
 * discovery reports it to applications as the public {@code MetadataTooLargeException}, so this package does not
 * depend on the API above it. Immutable.
 */
public final class MetadataOverLimitException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    MetadataOverLimitException(String message) {
        super(message);
    }
}

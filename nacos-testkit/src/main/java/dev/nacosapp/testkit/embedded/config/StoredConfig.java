package dev.nacosapp.testkit.embedded.config;

import com.alibaba.nacos.common.utils.MD5Utils;
import java.util.Objects;

/**
 * One stored config version. Immutable and thread-safe.
 *
 * @param content the content
 * @param md5 the lower-case hex MD5 of the UTF-8 content, as nacos-client computes it
 * @param lastModified when it was written, epoch milliseconds
 * @param type the content type ({@code text}, {@code properties}, ...)
 */
public record StoredConfig(String content, String md5, long lastModified, String type) {

    /** The content type Nacos stores when a publish names none. */
    public static final String DEFAULT_TYPE = "text";

    public StoredConfig {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(md5, "md5");
        Objects.requireNonNull(type, "type");
    }

    /**
     * Creates a version.
     *
     * @param content the content
     * @param lastModified epoch milliseconds
     * @param type the content type, blank for {@code text}
     * @return the version
     */
    public static StoredConfig of(String content, long lastModified, String type) {
        return new StoredConfig(
                content, md5(content), lastModified, type == null || type.isBlank() ? DEFAULT_TYPE : type);
    }

    /**
     * Computes the MD5 nacos-client sends for a content.
     *
     * @param content the content
     * @return lower-case hex MD5 of its UTF-8 bytes
     */
    public static String md5(String content) {
        return MD5Utils.md5Hex(content, "UTF-8");
    }
}

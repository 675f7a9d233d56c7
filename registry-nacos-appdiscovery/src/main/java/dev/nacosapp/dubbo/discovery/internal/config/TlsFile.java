package dev.nacosapp.dubbo.discovery.internal.config;

import dev.nacosapp.dubbo.discovery.config.InvalidConfigException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One PEM file a TLS property names, located the way nacos-client locates it and read once at startup to check it.
 * nacos-client opens these values with its own resource loader: {@code classpath:<resource>}, a URL such as
 * {@code file:/etc/nacos/ca.pem}, and anything else as a class-path resource, so a plain path
 * {@code /etc/nacos/ca.pem} is looked up on the class path, not on disk. Here a plain path means a file, and
 * {@link #clientValue()} is the {@code file:} URL that makes nacos-client read that same file. Immutable, thread-safe.
 */
final class TlsFile {
    static final String CLASSPATH = "classpath:";
    private static final Pattern URL_SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]+:.*");
    private static final int MAX_BYTES = 1 << 20;

    private final String key;
    private final String value;
    private final URL location;
    private final String content;

    private TlsFile(String key, String value, URL location, String content) {
        this.key = key;
        this.value = value;
        this.location = location;
        this.content = content;
    }

    /**
     * Locates and reads the file a property names.
     *
     * @throws InvalidConfigException naming the key and value when it is not a readable file or resource
     */
    static TlsFile read(String key, String value) {
        String trimmed = value.trim();
        URL location = locate(key, value, trimmed);
        InputStream in;
        try {
            in = location.openStream();
        } catch (IOException e) {
            throw invalid(key, value, "cannot be read (" + e.getMessage() + ")");
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytes.write(buffer, 0, n);
                if (bytes.size() > MAX_BYTES) {
                    throw invalid(key, value, "is larger than 1 MB, not a PEM file");
                }
            }
            return new TlsFile(key, value, location, new String(bytes.toByteArray(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw invalid(key, value, "cannot be read (" + e.getMessage() + ")");
        } finally {
            try {
                in.close();
            } catch (IOException e) {
                // only read from
            }
        }
    }

    private static URL locate(String key, String value, String trimmed) {
        if (trimmed.isEmpty()) {
            throw invalid(key, value, "is empty");
        }
        if (trimmed.startsWith(CLASSPATH)) {
            String resource = trimmed.substring(CLASSPATH.length());
            URL found = classLoader().getResource(resource.startsWith("/") ? resource.substring(1) : resource);
            if (found == null) {
                throw invalid(key, value, "no such class-path resource");
            }
            return found;
        }
        if (trimmed.startsWith("file:")) {
            File file;
            try {
                file = new File(new URI(trimmed));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw invalid(key, value, "not a valid file: URL (" + e.getMessage() + ")");
            }
            return readableFile(key, value, file);
        }
        // A Windows drive letter (C:\...) looks like a scheme of one letter, which the pattern leaves out.
        if (URL_SCHEME.matcher(trimmed).matches()) {
            throw invalid(key, value, "an unsupported URL scheme");
        }
        return readableFile(key, value, new File(trimmed));
    }

    private static URL readableFile(String key, String value, File file) {
        if (!file.isFile()) {
            throw invalid(key, value, "no such file (" + file.getAbsolutePath() + ")");
        }
        if (!file.canRead()) {
            throw invalid(key, value, "the file is not readable by this process (" + file.getAbsolutePath() + ")");
        }
        try {
            return file.getAbsoluteFile().toURI().toURL();
        } catch (MalformedURLException e) {
            throw invalid(key, value, "not a usable path (" + e.getMessage() + ")");
        }
    }

    private static ClassLoader classLoader() {
        // nacos-client's resource loader uses the thread's context class loader first, as here.
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : TlsFile.class.getClassLoader();
    }

    static InvalidConfigException invalid(String key, String value, String why) {
        return new InvalidConfigException("nacos-app: invalid registry parameter " + key + "='" + value + "': " + why
                + "; allowed: a file path, file:<path> or classpath:<resource> of a PEM file");
    }

    /** The value to hand to nacos-client: class-path resources and URLs as given, plain paths as a file: URL. */
    String clientValue() {
        String trimmed = value.trim();
        return trimmed.startsWith(CLASSPATH) || trimmed.startsWith("file:") ? trimmed : location.toString();
    }

    /** Where the file is, for reading it again (the startup diagnosis). */
    URL location() {
        return location;
    }

    /** The value as the user wrote it. */
    String value() {
        return value;
    }

    String key() {
        return key;
    }

    boolean contains(String pemLine) {
        return content.contains(pemLine);
    }
}

package dev.nacosapp.testkit.container;

import dev.nacosapp.testkit.model.NacosLine;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.utility.DockerImageName;

/**
 * What differs between the 2.x and the 3.x images of {@code nacos/nacos-server}: which tags belong to a line, the
 * ports a container exposes, and whether it needs a server identity and an initialised admin before it serves.
 * Stateless; the random secrets come from a shared {@link SecureRandom}, which is thread-safe.
 */
enum ImageLine {
    V2(NacosLine.V2, new Integer[] {NacosContainer.HTTP_PORT, NacosContainer.GRPC_PORT}),
    V3(NacosLine.V3, new Integer[] {NacosContainer.HTTP_PORT, NacosContainer.GRPC_PORT, NacosContainer.CONSOLE_PORT});

    private static final Pattern TAG = Pattern.compile("^v?(\\d+)\\.(\\d+)(\\..*)?$");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final NacosLine line;

    private final Integer[] exposedPorts;

    ImageLine(NacosLine line, Integer[] exposedPorts) {
        this.line = line;
        this.exposedPorts = exposedPorts;
    }

    /** The line an image tag belongs to; throws naming the tag and the supported lines. */
    static ImageLine of(DockerImageName image) {
        String tag = image.getVersionPart();
        Matcher m = TAG.matcher(tag.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            if (m.group(1).equals("2")) {
                return V2;
            }
            if (m.group(1).equals("3")) {
                return V3;
            }
        }
        throw new IllegalArgumentException("NacosContainer supports the Nacos 2.x line (tags v2.1.0 and later, e.g. "
                + NacosContainer.DEFAULT_TAG + ") and the 3.x line (v3.0.0 to v3.3.x, e.g. v3.0.3); the tag '" + tag
                + "' of " + image.asCanonicalNameString() + " names neither: use an explicit version tag");
    }

    NacosLine line() {
        return line;
    }

    /** 3.x serves its console on a port of its own; 2.x on the HTTP port. */
    Integer[] exposedPorts() {
        return exposedPorts.clone();
    }

    /**
     * Whether the image exits at once without a server identity (3.0-3.2, whatever the auth setting) and keeps its
     * admin API behind a login even with client auth off, so that the container initialises an admin password.
     */
    boolean needsIdentityAndAdmin() {
        return this == V3;
    }

    /** The three auth variables of a server identity: a random base64 token of 32 bytes and a random key/value. */
    static Map<String, String> serverIdentity() {
        return Map.of(
                "NACOS_AUTH_TOKEN", Base64.getEncoder().encodeToString(randomBytes(32)),
                "NACOS_AUTH_IDENTITY_KEY", "nacos-testkit-" + randomSecret(6),
                "NACOS_AUTH_IDENTITY_VALUE", randomSecret(18));
    }

    /** A random URL-safe secret of the given number of random bytes. */
    static String randomSecret(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

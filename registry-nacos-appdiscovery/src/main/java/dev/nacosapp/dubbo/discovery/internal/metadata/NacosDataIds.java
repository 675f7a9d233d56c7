package dev.nacosapp.dubbo.discovery.internal.metadata;

/**
 * Which config data ids a Nacos server accepts. Nacos 2.x and 3.x servers check every config request, listen requests
 * included, against {@code ^[a-zA-Z0-9-_:.]*$} and at most 256 characters ("Param 'dataId' is illegal");
 * nacos-client 2.5.1 refuses most of the rest before sending ("dataId invalid"). A nested interface
 * ({@code Outer$Inner}) is the case Dubbo meets: its mapping can never be stored. Stateless.
 */
final class NacosDataIds {
    private static final int MAX_LENGTH = 256;

    private NacosDataIds() {}

    static boolean accepted(String dataId) {
        if (dataId == null || dataId.isEmpty() || dataId.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < dataId.length(); i++) {
            char c = dataId.charAt(i);
            boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!letterOrDigit && c != '-' && c != '_' && c != ':' && c != '.') {
                return false;
            }
        }
        return true;
    }
}

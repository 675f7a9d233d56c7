package dev.nacosapp.dubbo.discovery.internal.metadata;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.metadata.report.identifier.BaseMetadataIdentifier;
import org.apache.dubbo.metadata.report.identifier.KeyTypeEnum;
import org.apache.dubbo.metadata.report.identifier.MetadataIdentifier;
import org.apache.dubbo.metadata.report.identifier.ServiceMetadataIdentifier;
import org.apache.dubbo.metadata.report.identifier.SubscriberMetadataIdentifier;

/**
 * Dubbo's service definitions and the URLs it saves beside them ({@code report-definition}, on by default), in the
 * built-in report's layout: data id = Dubbo's unique key of the service, group = the registry's {@code group} or
 * {@code dubbo}. Thread-safe.
 */
final class ServiceDefinitionStore {
    private final ConfigStore store;
    private final String group;

    ServiceDefinitionStore(ConfigStore store, String group) {
        this.store = store;
        this.group = group;
    }

    void store(BaseMetadataIdentifier identifier, String content) {
        store.write(uniqueKey(identifier), group, content);
    }

    String read(BaseMetadataIdentifier identifier) {
        return store.read(uniqueKey(identifier), group);
    }

    void saveUrl(ServiceMetadataIdentifier identifier, URL url) {
        store.write(uniqueKey(identifier), group, URL.encode(url.toFullString()));
    }

    void remove(ServiceMetadataIdentifier identifier) {
        store.remove(uniqueKey(identifier), group);
    }

    List<String> exportedUrls(ServiceMetadataIdentifier identifier) {
        String content = store.read(uniqueKey(identifier), group);
        return content == null || content.isEmpty()
                ? Collections.<String>emptyList()
                : Arrays.asList(URL.decode(content));
    }

    String subscribedUrls(SubscriberMetadataIdentifier identifier) {
        return read(identifier);
    }

    String definition(MetadataIdentifier identifier) {
        return read(identifier);
    }

    private static String uniqueKey(BaseMetadataIdentifier identifier) {
        return identifier.getUniqueKey(KeyTypeEnum.UNIQUE_KEY);
    }
}

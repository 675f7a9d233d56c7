package dev.nacosapp.dubbo.discovery.internal.metadata;

import org.apache.dubbo.common.utils.JsonUtils;
import org.apache.dubbo.metadata.MetadataInfo;
import org.apache.dubbo.metadata.report.identifier.SubscriberMetadataIdentifier;

/**
 * Application metadata for {@code metadata-type=remote}, in the built-in report's layout: data id = application, group
 * = revision, content = the {@code MetadataInfo} JSON. Thread-safe.
 */
final class RemoteMetadataStore {
    private final ConfigStore store;

    RemoteMetadataStore(ConfigStore store) {
        this.store = store;
    }

    void publish(SubscriberMetadataIdentifier identifier, MetadataInfo metadataInfo) {
        if (metadataInfo.getContent() != null) {
            store.write(identifier.getApplication(), identifier.getRevision(), metadataInfo.getContent());
        }
    }

    void unpublish(SubscriberMetadataIdentifier identifier) {
        store.remove(identifier.getApplication(), identifier.getRevision());
    }

    MetadataInfo get(SubscriberMetadataIdentifier identifier) {
        String content = store.read(identifier.getApplication(), identifier.getRevision());
        return content == null ? null : JsonUtils.toJavaObject(content, MetadataInfo.class);
    }
}

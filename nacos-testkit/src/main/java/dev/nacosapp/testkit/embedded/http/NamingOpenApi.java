package dev.nacosapp.testkit.embedded.http;

import com.alibaba.nacos.api.common.Constants;
import com.alibaba.nacos.api.naming.pojo.ServiceInfo;
import com.alibaba.nacos.common.utils.JacksonUtils;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.nacosapp.testkit.embedded.handler.MetadataCheck;
import dev.nacosapp.testkit.embedded.handler.ServiceListRequestHandler;
import dev.nacosapp.testkit.embedded.naming.InstanceEdit;
import dev.nacosapp.testkit.embedded.naming.InstanceSelection;
import dev.nacosapp.testkit.embedded.naming.NamingStore;
import dev.nacosapp.testkit.embedded.naming.ServiceKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The v1 naming open API that operators and tests use from outside: instance list, service list and the console's
 * instance update. Thread-safe.
 */
public final class NamingOpenApi {

    private final NamingStore store;

    private final MetadataCheck metadataCheck;

    /**
     * Creates the API over a store.
     *
     * @param store the naming state
     * @param metadataCheck the metadata size check shared with gRPC
     */
    public NamingOpenApi(NamingStore store, MetadataCheck metadataCheck) {
        this.store = store;
        this.metadataCheck = metadataCheck;
    }

    /**
     * {@code GET /nacos/v1/ns/instance/list}: the enabled instances of a service as {@code {"hosts":[...]}} with
     * Nacos' field names; like Nacos' v1 API, {@code name} is the grouped service name.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer listInstances(HttpCall call) {
        Optional<String> serviceName = call.param("serviceName");
        if (serviceName.isEmpty()) {
            return missing("serviceName");
        }
        ServiceKey key = key(call, serviceName.get());
        ServiceInfo info = InstanceSelection.select(
                key,
                store.instances(key),
                call.param("clusters", ""),
                Boolean.parseBoolean(call.param("healthyOnly", "false")),
                true);
        info.setName(key.groupedName());
        return HttpAnswer.json(info);
    }

    /**
     * {@code GET /nacos/v1/ns/service/list}: one page of service names of a group as {@code {"count":N,"doms":[]}}.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer listServices(HttpCall call) {
        int pageNo;
        int pageSize;
        try {
            pageNo = Integer.parseInt(call.param("pageNo", "1"));
            pageSize = Integer.parseInt(call.param("pageSize", "10"));
        } catch (NumberFormatException e) {
            return HttpAnswer.text(400, "pageNo and pageSize must be numbers");
        }
        ServiceKey key = key(call, "");
        List<String> names = store.serviceNames(key.namespace(), key.group());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", names.size());
        body.put("doms", ServiceListRequestHandler.page(names, pageNo, pageSize));
        return HttpAnswer.json(body);
    }

    /**
     * {@code PUT /nacos/v1/ns/instance}: a console edit of weight, enabled and metadata, pushed to subscribers.
     *
     * <p>As in Nacos, unset values take their defaults (weight 1, enabled true, no metadata), and the edit is kept
     * for ip, port and cluster even while no such instance is registered, but the service must exist.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer updateInstance(HttpCall call) {
        Optional<String> serviceName = call.param("serviceName");
        if (serviceName.isEmpty()) {
            return missing("serviceName");
        }
        Optional<String> ip = call.param("ip");
        if (ip.isEmpty()) {
            return missing("ip");
        }
        Optional<String> port = call.param("port");
        if (port.isEmpty()) {
            return missing("port");
        }
        int portNumber;
        double weight;
        try {
            portNumber = Integer.parseInt(port.get());
            weight = Double.parseDouble(call.param("weight", "1"));
        } catch (NumberFormatException e) {
            return HttpAnswer.text(400, "port and weight must be numbers");
        }
        boolean enabled = Boolean.parseBoolean(call.param("enabled", call.param("enable", "true")));
        Map<String, String> metadata;
        try {
            metadata = parseMetadata(call.param("metadata", ""));
        } catch (IllegalArgumentException e) {
            return HttpAnswer.text(400, "metadata must be a JSON object or k=v,k=v: " + e.getMessage());
        }
        Optional<String> refusal = metadataCheck.check(metadata);
        if (refusal.isPresent()) {
            return HttpAnswer.text(400, refusal.get());
        }
        ServiceKey key = key(call, serviceName.get());
        String cluster = call.param("clusterName", call.param("cluster", Constants.DEFAULT_CLUSTER_NAME));
        if (!store.edit(key, ip.get(), portNumber, cluster, new InstanceEdit(enabled, weight, metadata))) {
            return HttpAnswer.text(
                    400,
                    "caused: service not found, namespace: " + key.namespace() + ", service: " + key.groupedName());
        }
        return HttpAnswer.text(200, "ok");
    }

    private static ServiceKey key(HttpCall call, String serviceName) {
        return ServiceKey.of(
                call.param("namespaceId", ""), call.param("groupName", Constants.DEFAULT_GROUP), serviceName);
    }

    private static HttpAnswer missing(String name) {
        return HttpAnswer.text(400, "Required parameter '" + name + "' is not present");
    }

    /**
     * Parses metadata as Nacos' open API accepts it: a JSON object, or {@code k=v} pairs separated by commas.
     *
     * @param text the parameter value
     * @return the metadata
     */
    static Map<String, String> parseMetadata(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        if (text.isBlank()) {
            return result;
        }
        String trimmed = text.trim();
        if (trimmed.startsWith("{")) {
            try {
                Map<String, Object> parsed = JacksonUtils.toObj(trimmed, new TypeReference<Map<String, Object>>() {});
                parsed.forEach((k, v) -> result.put(k, v == null ? "" : String.valueOf(v)));
                return result;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        for (String pair : trimmed.split(",")) {
            int split = pair.indexOf('=');
            if (split <= 0) {
                throw new IllegalArgumentException("'" + pair + "' is not k=v");
            }
            result.put(
                    pair.substring(0, split).trim(), pair.substring(split + 1).trim());
        }
        return result;
    }
}

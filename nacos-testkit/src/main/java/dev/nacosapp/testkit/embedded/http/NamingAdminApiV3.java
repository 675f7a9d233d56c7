package dev.nacosapp.testkit.embedded.http;

import com.alibaba.nacos.api.common.Constants;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.testkit.embedded.naming.NamingStore;
import dev.nacosapp.testkit.embedded.naming.ServiceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The naming part of Nacos 3's v3 API, with 3.0.3's parameter names and answer shapes: the admin instance list
 * (disabled instances included), the admin instance edit, the admin service list, and the client instance list.
 * Thread-safe.
 */
public final class NamingAdminApiV3 {

    private final NamingStore store;

    private final NamingOpenApi v1;

    /**
     * Creates the API.
     *
     * @param store the naming state
     * @param v1 the v1 API, whose edit rules the v3 edit shares
     */
    /** Nacos' {@code ErrorCode.SERVICE_NOT_EXIST}. */
    private static final int SERVICE_NOT_EXIST = 21008;

    public NamingAdminApiV3(NamingStore store, NamingOpenApi v1) {
        this.store = store;
        this.v1 = v1;
    }

    /**
     * {@code GET /nacos/v3/admin/ns/instance/list?serviceName=&groupName=&namespaceId=&clusterName=&healthyOnly=}:
     * every instance of ONE cluster, disabled ones included. As on a Nacos 3.0 server, the cluster is
     * {@code DEFAULT} when none is named, and a cluster without instances, like a service the namespace does not
     * have, is answered with 404 and code 30000.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer listInstances(HttpCall call) {
        return list(call, false);
    }

    /**
     * {@code GET /nacos/v3/admin/ns/service?serviceName=&groupName=&namespaceId=}: the service's detail, of which
     * tests read the clusters it has now ({@code clusterMap}); 400 with code 21008 for a service it does not have.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer serviceDetail(HttpCall call) {
        Optional<String> serviceName = call.param("serviceName");
        if (serviceName.isEmpty()) {
            return V3Result.missing("serviceName");
        }
        ServiceKey key = ServiceKey.of(
                call.param("namespaceId", ""), call.param("groupName", Constants.DEFAULT_GROUP), serviceName.get());
        String namespace = key.namespace().isEmpty() ? "public" : key.namespace();
        if (!store.exists(key)) {
            return V3Result.error(
                    400,
                    SERVICE_NOT_EXIST,
                    "service not exist",
                    "service not found, namespace: " + namespace + ", serviceName: " + key.groupedName());
        }
        Map<String, Object> clusters = new TreeMap<>();
        for (Instance each : store.instances(key)) {
            clusters.computeIfAbsent(each.getClusterName(), name -> Map.of("clusterName", name));
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("namespaceId", namespace);
        detail.put("serviceName", serviceName.get());
        detail.put("groupName", call.param("groupName", Constants.DEFAULT_GROUP));
        detail.put("clusterMap", clusters);
        detail.put("metadata", Map.of());
        detail.put("protectThreshold", 0.0);
        detail.put("ephemeral", true);
        return V3Result.ok(detail);
    }

    /**
     * {@code GET /nacos/v3/client/ns/instance/list}: the enabled instances, as the client API lists them.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer listClientInstances(HttpCall call) {
        return list(call, true);
    }

    private HttpAnswer list(HttpCall call, boolean enabledOnly) {
        Optional<String> serviceName = call.param("serviceName");
        if (serviceName.isEmpty()) {
            return V3Result.missing("serviceName");
        }
        ServiceKey key = ServiceKey.of(
                call.param("namespaceId", ""), call.param("groupName", Constants.DEFAULT_GROUP), serviceName.get());
        if (!store.exists(key)) {
            return V3Result.error(
                    404, V3Result.SERVER_ERROR, "server error", "service " + key.groupedName() + " is not found!");
        }
        // The admin list reads one cluster, DEFAULT by default; the client list every cluster unless one is named.
        String cluster = call.param("clusterName", enabledOnly ? "" : Constants.DEFAULT_CLUSTER_NAME);
        boolean healthyOnly = Boolean.parseBoolean(call.param("healthyOnly", "false"));
        List<Map<String, Object>> hosts = new ArrayList<>();
        boolean clusterFound = cluster.isEmpty();
        for (Instance each : store.instances(key)) {
            boolean inCluster = cluster.isEmpty() || cluster.equals(each.getClusterName());
            clusterFound |= inCluster;
            if (inCluster && (!healthyOnly || each.isHealthy()) && (!enabledOnly || each.isEnabled())) {
                hosts.add(view(key, each));
            }
        }
        if (!clusterFound) {
            return V3Result.error(404, V3Result.SERVER_ERROR, "server error", "cluster " + cluster + " is not found!");
        }
        return V3Result.ok(hosts);
    }

    /**
     * {@code PUT /nacos/v3/admin/ns/instance} with a form body: the same edit as v1's {@code PUT /nacos/v1/ns/instance},
     * answered {@code {"code":0,"data":"ok"}}.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer updateInstance(HttpCall call) {
        HttpAnswer answer = v1.updateInstance(call);
        if (answer.status() == 200) {
            return V3Result.ok("ok");
        }
        return V3Result.error(answer.status(), V3Result.SERVER_ERROR, "server error", answer.body());
    }

    /**
     * {@code GET /nacos/v3/admin/ns/service/list?namespaceId=&groupNameParam=&serviceNameParam=&pageNo=&pageSize=}:
     * {@code {"data":{"totalCount":N,"pageItems":[{"name","groupName",...}]}}}. As in Nacos the two parameters are
     * patterns: a service matches when its group and name contain them.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer listServices(HttpCall call) {
        int pageNo;
        int pageSize;
        try {
            pageNo = Integer.parseInt(call.param("pageNo", "1"));
            pageSize = Integer.parseInt(call.param("pageSize", "100"));
        } catch (NumberFormatException e) {
            return V3Result.error(
                    400, V3Result.PARAMETER_MISSING, "parameter missing", "pageNo and pageSize must be numbers");
        }
        String groupPattern = call.param("groupNameParam", "");
        String namePattern = call.param("serviceNameParam", "");
        List<Map<String, Object>> matching = new ArrayList<>();
        for (ServiceKey each : store.services(ServiceKey.normaliseNamespace(call.param("namespaceId", "")))) {
            if (each.group().contains(groupPattern) && each.name().contains(namePattern)) {
                List<Instance> instances = store.instances(each);
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("name", each.name());
                item.put("groupName", each.group());
                item.put(
                        "clusterCount",
                        instances.stream()
                                .map(Instance::getClusterName)
                                .distinct()
                                .count());
                item.put("ipCount", instances.size());
                item.put(
                        "healthyInstanceCount",
                        instances.stream().filter(Instance::isHealthy).count());
                item.put("triggerFlag", "false");
                matching.add(item);
            }
        }
        List<Map<String, Object>> page = page(matching, pageNo, pageSize);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("totalCount", matching.size());
        data.put("pageNumber", pageNo);
        data.put("pagesAvailable", pageSize <= 0 ? 0 : (matching.size() + pageSize - 1) / pageSize);
        data.put("pageItems", page);
        return V3Result.ok(data);
    }

    // Nacos' PageUtil.subPage: pages count from 1; a page past the end is empty.
    private static <T> List<T> page(List<T> all, int pageNo, int pageSize) {
        if (pageNo < 1 || pageSize < 1) {
            return List.of();
        }
        long from = (long) (pageNo - 1) * pageSize;
        if (from >= all.size()) {
            return List.of();
        }
        return all.subList((int) from, (int) Math.min(all.size(), from + pageSize));
    }

    private static Map<String, Object> view(ServiceKey key, Instance instance) {
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("instanceId", instance.getInstanceId());
        host.put("ip", instance.getIp());
        host.put("port", instance.getPort());
        host.put("weight", instance.getWeight());
        host.put("healthy", instance.isHealthy());
        host.put("enabled", instance.isEnabled());
        host.put("ephemeral", instance.isEphemeral());
        host.put("clusterName", instance.getClusterName());
        host.put("serviceName", key.groupedName());
        host.put("metadata", instance.getMetadata());
        return host;
    }
}

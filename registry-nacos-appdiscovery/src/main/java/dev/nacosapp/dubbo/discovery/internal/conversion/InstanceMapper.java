package dev.nacosapp.dubbo.discovery.internal.conversion;

import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.common.utils.JacksonUtils;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.dubbo.registry.client.ServiceInstance;
import org.apache.dubbo.rpc.model.ApplicationModel;

/**
 * Converts Dubbo's {@link ServiceInstance} to a Nacos {@link Instance} and back. Holds only configuration: immutable,
 * thread-safe.
 *
 * <p>Registration: service name = application name, address from Dubbo unless register-host/register-port override it
 * (then every endpoint and the MetadataService parameters that carried the old port carry the new one), cluster,
 * weight and ephemeral from the config, metadata = Dubbo's metadata without null values (Dubbo writes a Java null for
 * {@code dubbo.metadata.storage-type} when there is no metadata center, which Nacos cannot store).
 *
 * <p>Discovery: the Nacos weight is exposed to Dubbo's load balancers as the instance parameter {@code weight}, mapped
 * by {@link WeightMapping}; a weight the provider configured on a service still takes precedence, as in Dubbo. A
 * loopback address is handed over in a form Dubbo connects to as loopback ({@link LoopbackHosts}).
 */
public final class InstanceMapper {
    /** Instance metadata key that Dubbo's load balancers read the weight from. */
    public static final String DUBBO_WEIGHT_KEY = "weight";
    /** Marks an instance whose main port was rewritten by register-port, as {@code original:registered}. */
    public static final String PORT_MAPPING_KEY = "nacos-app.port-mapping";

    static final String ENDPOINTS_KEY = "dubbo.endpoints";
    static final String METADATA_SERVICE_PARAMS_KEY = "dubbo.metadata-service.url-params";

    private static final String[] WEIGHT_TEXTS = new String[1001];

    static {
        for (int i = 0; i < WEIGHT_TEXTS.length; i++) {
            WEIGHT_TEXTS[i] = Integer.toString(i);
        }
    }

    private final NacosAppConfig config;
    private final MetadataLimit metadataLimit;
    /** The weight and cluster of the instance converted last, offered to the next one to share. */
    private PushedMetadata.Shape lastShape;

    public InstanceMapper(NacosAppConfig config) {
        this.config = config;
        this.metadataLimit = new MetadataLimit(config.metadataLimit());
    }

    /** The Nacos instance to register for a Dubbo instance; throws when its metadata is over the server limit. */
    public Instance toInstance(ServiceInstance serviceInstance) {
        Instance instance = new Instance();
        instance.setServiceName(serviceInstance.getServiceName());
        instance.setIp(config.registerHost() != null ? config.registerHost() : serviceInstance.getHost());
        int dubboPort = serviceInstance.getPort();
        int port = config.registerPort() != null ? config.registerPort() : dubboPort;
        instance.setPort(port);
        if (!NacosAppConfig.DEFAULT_CLUSTER.equals(config.clusterName())) {
            // Left unset for DEFAULT, as Dubbo's built-in leaves it: Nacos files the instance under DEFAULT all the
            // same
            // and writes the built-in's instance id (ip#port#null#application) rather than ip#port#DEFAULT#application,
            // so tools keyed on the id see one instance through a migration.
            instance.setClusterName(config.clusterName());
        }
        instance.setWeight(config.instanceWeight());
        instance.setHealthy(serviceInstance.isHealthy());
        instance.setEnabled(serviceInstance.isEnabled());
        instance.setEphemeral(config.ephemeral());

        Map<String, String> metadata = new TreeMap<String, String>();
        for (Map.Entry<String, String> entry : serviceInstance.getMetadata().entrySet()) {
            if (entry.getKey() != null && entry.getValue() != null) {
                metadata.put(entry.getKey(), entry.getValue());
            }
        }
        if (port != dubboPort) {
            remapPort(metadata, dubboPort, port);
        }
        metadataLimit.check(serviceInstance.getServiceName(), metadata);
        instance.setMetadata(metadata);
        return instance;
    }

    /** The Dubbo instance a consumer sees for a Nacos instance of {@code application}. */
    public NacosServiceInstance toServiceInstance(String application, Instance instance, ApplicationModel model) {
        NacosServiceInstance serviceInstance = new NacosServiceInstance(
                application, LoopbackHosts.forDubboClient(instance.getIp()), instance.getPort(), model);
        PushedMetadata metadata = PushedMetadata.of(
                instance.getMetadata(),
                dubboWeightText(instance.getWeight()),
                NacosServiceInstance.clusterOf(instance),
                lastShape);
        // A benign race: shapes are immutable with final fields, so any thread's is a correct one to offer. Written
        // only when it changes: a reference store into this long-lived object costs a GC write barrier every time.
        if (metadata.shape() != lastShape) {
            lastShape = metadata.shape();
        }
        serviceInstance.setMetadata(metadata);
        serviceInstance.setEnabled(instance.isEnabled());
        serviceInstance.setHealthy(instance.isHealthy());
        return serviceInstance;
    }

    /** The Dubbo weight of a Nacos weight, as text; the common values are shared instead of allocated every time. */
    static String dubboWeightText(double nacosWeight) {
        int weight = WeightMapping.toDubbo(nacosWeight);
        return weight >= 0 && weight < WEIGHT_TEXTS.length ? WEIGHT_TEXTS[weight] : Integer.toString(weight);
    }

    /**
     * Rewrites the port in Dubbo's endpoint list and MetadataService parameters. JSON goes through nacos-client's
     * Jackson rather than Dubbo's {@code JsonUtils}, whose service loading fails on JDK 25 when fastjson 1 is absent.
     */
    private static void remapPort(Map<String, String> metadata, int from, int to) {
        String endpoints = metadata.get(ENDPOINTS_KEY);
        if (endpoints != null) {
            List<Map<String, Object>> rewritten = new ArrayList<Map<String, Object>>();
            for (JsonNode endpoint : JacksonUtils.toObj(endpoints)) {
                int port = endpoint.path("port").asInt();
                Map<String, Object> json = new LinkedHashMap<String, Object>();
                json.put("port", port == from ? to : port);
                json.put("protocol", endpoint.path("protocol").asText());
                rewritten.add(json);
            }
            metadata.put(ENDPOINTS_KEY, JacksonUtils.toJson(rewritten));
        }
        String params = metadata.get(METADATA_SERVICE_PARAMS_KEY);
        if (params != null) {
            Map<String, Object> parsed = JacksonUtils.toObj(params, new TypeReference<Map<String, Object>>() {});
            Object port = parsed.get("port");
            if (port != null && String.valueOf(from).equals(String.valueOf(port))) {
                Map<String, Object> rewritten = new TreeMap<String, Object>(parsed);
                rewritten.put("port", String.valueOf(to));
                metadata.put(METADATA_SERVICE_PARAMS_KEY, JacksonUtils.toJson(rewritten));
            }
        }
        metadata.put(PORT_MAPPING_KEY, from + ":" + to);
    }
}

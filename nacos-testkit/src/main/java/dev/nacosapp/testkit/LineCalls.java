package dev.nacosapp.testkit;

import java.util.List;
import java.util.Optional;

/** The HTTP calls of {@link NacosHttp} in the API of one server line. Implementations are thread-safe. */
interface LineCalls {

    boolean isReady();

    String login();

    boolean initialiseAdmin(String password);

    List<RegisteredInstance> instances(
            String namespace, String group, String serviceName, String clusters, boolean healthyOnly);

    ServicePage services(String namespace, String group, int pageNo, int pageSize);

    void updateInstance(String namespace, String group, String serviceName, InstanceUpdate update);

    boolean createNamespace(String namespaceId, String name);

    List<String> namespaces();

    Optional<String> config(String namespace, String group, String dataId);

    void publishConfig(String namespace, String group, String dataId, String content);
}

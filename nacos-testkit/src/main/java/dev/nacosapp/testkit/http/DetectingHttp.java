package dev.nacosapp.testkit.http;

import dev.nacosapp.testkit.model.NacosLine;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A client that asks the server for its line on first use and then passes every call to that line's client. A
 * server that does not answer yet is asked again on the next call. Thread-safe.
 */
final class DetectingHttp implements NacosHttp {

    private final String serverAddr;

    private final HttpExchange probe;

    private final Supplier<NacosHttp> nacos2;

    private final Supplier<NacosHttp> nacos3;

    private volatile NacosHttp detected;

    DetectingHttp(String serverAddr, Supplier<NacosHttp> nacos2, Supplier<NacosHttp> nacos3) {
        this.serverAddr = serverAddr;
        this.probe = new HttpExchange(serverAddr);
        this.nacos2 = nacos2;
        this.nacos3 = nacos3;
    }

    private NacosHttp delegate() {
        NacosHttp known = detected;
        if (known == null) {
            HttpResponse<String> answer = probe.unauthenticated("GET", Nacos3Http.READINESS_PATH, Map.of());
            known = answer.statusCode() == 404 ? nacos2.get() : nacos3.get();
            detected = known;
        }
        return known;
    }

    @Override
    public String serverAddr() {
        return serverAddr;
    }

    @Override
    public NacosLine line() {
        return delegate().line();
    }

    @Override
    public boolean isReady() {
        try {
            return delegate().isReady();
        } catch (NacosHttpException e) {
            return false;
        }
    }

    @Override
    public String login() {
        return delegate().login();
    }

    @Override
    public boolean initialiseAdmin(String password) {
        return delegate().initialiseAdmin(password);
    }

    @Override
    public List<RegisteredInstance> instances(
            String namespace, String group, String serviceName, String clusters, boolean healthyOnly) {
        return delegate().instances(namespace, group, serviceName, clusters, healthyOnly);
    }

    @Override
    public ServicePage services(String namespace, String group, int pageNo, int pageSize) {
        return delegate().services(namespace, group, pageNo, pageSize);
    }

    @Override
    public void updateInstance(String namespace, String group, String serviceName, InstanceUpdate update) {
        delegate().updateInstance(namespace, group, serviceName, update);
    }

    @Override
    public boolean createNamespace(String namespaceId) {
        return delegate().createNamespace(namespaceId);
    }

    @Override
    public List<String> namespaces() {
        return delegate().namespaces();
    }

    @Override
    public Optional<String> config(String namespace, String group, String dataId) {
        return delegate().config(namespace, group, dataId);
    }

    @Override
    public void publishConfig(String namespace, String group, String dataId, String content) {
        delegate().publishConfig(namespace, group, dataId, content);
    }

    @Override
    public String toString() {
        NacosHttp known = detected;
        return known == null ? "NacosHttp[http://" + serverAddr + "]" : known.toString();
    }
}

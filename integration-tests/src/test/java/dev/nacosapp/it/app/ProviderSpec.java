package dev.nacosapp.it.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * What one test provider is: its Dubbo application, the name it answers {@link EchoService#whoAmI()} with, its
 * registry address, the protocols and ports it exports {@link EchoService} on, and the Dubbo labels that become Nacos
 * instance metadata. Immutable; converts to and from properties so a child JVM can be told what to run.
 *
 * @param application the Dubbo application name, which is also the Nacos service name
 * @param name the name this provider answers with
 * @param registry the full registry address, {@code nacos-app://host:port?...}
 * @param protocols the endpoints, at least one
 * @param labels Dubbo labels ({@code dubbo.labels}), written into the instance metadata
 * @param exportDelayMillis Dubbo's export delay of the service ({@code @DubboService(delay = ...)}), 0 for none
 * @param registryUsername the registry's {@code dubbo.registry.username}, or null
 * @param registryPassword the registry's {@code dubbo.registry.password} (the form Dubbo masks in its log), or null
 * @param metadataType Dubbo's {@code dubbo.application.metadata-type} ({@code local} or {@code remote}), or null
 * @param dubboProperties Dubbo configuration properties of this application ({@code dubbo.registries.<id>.address}
 *     and the like), as an application's {@code dubbo.properties} would hold them
 */
public record ProviderSpec(
        String application,
        String name,
        String registry,
        List<Endpoint> protocols,
        Map<String, String> labels,
        int exportDelayMillis,
        String registryUsername,
        String registryPassword,
        String metadataType,
        Map<String, String> dubboProperties) {

    /**
     * One protocol and port.
     *
     * @param protocol a Dubbo protocol name, {@code dubbo} or {@code tri}
     * @param port the port it listens on
     */
    public record Endpoint(String protocol, int port) {

        @Override
        public String toString() {
            return protocol + ":" + port;
        }

        static Endpoint parse(String text) {
            int colon = text.indexOf(':');
            return new Endpoint(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        }
    }

    public ProviderSpec {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(registry, "registry");
        protocols = List.copyOf(protocols);
        labels = Map.copyOf(labels);
        dubboProperties = Map.copyOf(dubboProperties);
    }

    /**
     * Starts a spec with no endpoint and no labels.
     *
     * @param application the Dubbo application name
     * @param name the name the provider answers with
     * @param registry the registry address
     * @return the spec
     */
    public static ProviderSpec of(String application, String name, String registry) {
        return new ProviderSpec(application, name, registry, List.of(), Map.of(), 0, null, null, null, Map.of());
    }

    /**
     * Starts a spec whose registries come from Dubbo configuration properties only ({@code dubbo.registries.<id>.*}),
     * as an application configured by a {@code dubbo.properties} or {@code application.properties} file is: no
     * registry is set through the API then.
     *
     * @param application the Dubbo application name
     * @param name the name the provider answers with
     * @param dubboProperties the properties, registries included
     * @return the spec
     */
    public static ProviderSpec configuredBy(String application, String name, Map<String, String> dubboProperties) {
        return new ProviderSpec(application, name, "", List.of(), Map.of(), 0, null, null, null, dubboProperties);
    }

    /**
     * Tells whether the registries come from {@link #dubboProperties()} only.
     *
     * @return true for a spec made by {@link #configuredBy}
     */
    public boolean registriesFromProperties() {
        return registry.isEmpty();
    }

    public ProviderSpec withProtocol(String protocol, int port) {
        List<Endpoint> more = new ArrayList<>(protocols);
        more.add(new Endpoint(protocol, port));
        return new ProviderSpec(
                application,
                name,
                registry,
                more,
                labels,
                exportDelayMillis,
                registryUsername,
                registryPassword,
                metadataType,
                dubboProperties);
    }

    public ProviderSpec withLabel(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(labels);
        more.put(key, value);
        return new ProviderSpec(
                application,
                name,
                registry,
                protocols,
                more,
                exportDelayMillis,
                registryUsername,
                registryPassword,
                metadataType,
                dubboProperties);
    }

    /**
     * Returns the port of the first endpoint, the one Dubbo registers the instance with.
     *
     * @return the port
     */
    /**
     * Exports the service only after a delay, as {@code @DubboService(delay = ...)} does: the instance then registers
     * once the application has started, on Dubbo's refresh task.
     *
     * @param millis the delay
     * @return a new spec
     */
    public ProviderSpec withExportDelay(int millis) {
        return new ProviderSpec(
                application,
                name,
                registry,
                protocols,
                labels,
                millis,
                registryUsername,
                registryPassword,
                metadataType,
                dubboProperties);
    }

    /**
     * Gives the registry credentials the way Dubbo masks them in its startup log: {@code RegistryConfig} username and
     * password, not the address.
     *
     * @param username the Nacos user
     * @param password the password
     * @return a new spec
     */
    public ProviderSpec withRegistryCredentials(String username, String password) {
        return new ProviderSpec(
                application,
                name,
                registry,
                protocols,
                labels,
                exportDelayMillis,
                username,
                password,
                metadataType,
                dubboProperties);
    }

    /**
     * Sets Dubbo's metadata type: {@code remote} publishes the application's metadata to the metadata center.
     *
     * @param type {@code local} or {@code remote}
     * @return a new spec
     */
    public ProviderSpec withMetadataType(String type) {
        return new ProviderSpec(
                application,
                name,
                registry,
                protocols,
                labels,
                exportDelayMillis,
                registryUsername,
                registryPassword,
                type,
                dubboProperties);
    }

    /**
     * Adds one Dubbo configuration property of this application, as its {@code dubbo.properties} would hold it; it
     * takes precedence over what the provider sets in code (for example {@code dubbo.application.qos-enable=true}).
     *
     * @param key the full key, {@code dubbo.application.qos-port} and the like
     * @param value the value
     * @return a new spec
     */
    public ProviderSpec withDubboProperty(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(dubboProperties);
        more.put(key, value);
        return new ProviderSpec(
                application,
                name,
                registry,
                protocols,
                labels,
                exportDelayMillis,
                registryUsername,
                registryPassword,
                metadataType,
                more);
    }

    public int port() {
        return protocols.get(0).port();
    }

    /**
     * Returns the labels in Dubbo's {@code dubbo.labels} syntax.
     *
     * @return {@code k1=v1;k2=v2}, empty for no labels
     */
    public String dubboLabels() {
        StringJoiner joined = new StringJoiner(";");
        labels.forEach((k, v) -> joined.add(k + "=" + v));
        return joined.toString();
    }

    void writeTo(Properties properties, int index) {
        String prefix = "provider." + index + ".";
        properties.setProperty(prefix + "application", application);
        properties.setProperty(prefix + "name", name);
        properties.setProperty(prefix + "registry", registry);
        StringJoiner endpoints = new StringJoiner(",");
        protocols.forEach(endpoint -> endpoints.add(endpoint.toString()));
        properties.setProperty(prefix + "protocols", endpoints.toString());
        labels.forEach((k, v) -> properties.setProperty(prefix + "label." + k, v));
        properties.setProperty(prefix + "exportDelayMillis", Integer.toString(exportDelayMillis));
        if (metadataType != null) {
            properties.setProperty(prefix + "metadataType", metadataType);
        }
        dubboProperties.forEach((k, v) -> properties.setProperty(prefix + "dubbo." + k, v));
        if (registryUsername != null) {
            properties.setProperty(prefix + "registry.username", registryUsername);
            properties.setProperty(prefix + "registry.password", registryPassword);
        }
    }

    static ProviderSpec readFrom(Properties properties, int index) {
        String prefix = "provider." + index + ".";
        String application = properties.getProperty(prefix + "application");
        if (application == null) {
            return null;
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (String each : properties.getProperty(prefix + "protocols").split(",")) {
            endpoints.add(Endpoint.parse(each));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> dubboProperties = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(prefix + "label.")) {
                labels.put(key.substring((prefix + "label.").length()), properties.getProperty(key));
            }
            if (key.startsWith(prefix + "dubbo.")) {
                dubboProperties.put(key.substring((prefix + "dubbo.").length()), properties.getProperty(key));
            }
        }
        return new ProviderSpec(
                application,
                properties.getProperty(prefix + "name"),
                properties.getProperty(prefix + "registry"),
                endpoints,
                labels,
                Integer.parseInt(properties.getProperty(prefix + "exportDelayMillis", "0")),
                properties.getProperty(prefix + "registry.username"),
                properties.getProperty(prefix + "registry.password"),
                properties.getProperty(prefix + "metadataType"),
                dubboProperties);
    }

    /**
     * Writes several specs, to be run in one JVM, into properties.
     *
     * @param specs the providers
     * @return the properties
     */
    public static Properties toProperties(List<ProviderSpec> specs) {
        Properties properties = new Properties();
        for (int i = 0; i < specs.size(); i++) {
            specs.get(i).writeTo(properties, i);
        }
        return properties;
    }

    /**
     * Reads what {@link #toProperties(List)} wrote.
     *
     * @param properties the properties
     * @return the providers, in order
     */
    public static List<ProviderSpec> fromProperties(Properties properties) {
        List<ProviderSpec> specs = new ArrayList<>();
        for (int i = 0; ; i++) {
            ProviderSpec spec = readFrom(properties, i);
            if (spec == null) {
                return specs;
            }
            specs.add(spec);
        }
    }

    @Override
    public String toString() {
        return name + " (application " + application + ", " + protocols + (labels.isEmpty() ? "" : ", labels " + labels)
                + ")";
    }
}

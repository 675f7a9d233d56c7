package dev.nacosapp.dubbo.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nacosapp.dubbo.discovery.internal.NacosAppResources;
import dev.nacosapp.dubbo.discovery.internal.client.InMemoryNacos;
import dev.nacosapp.dubbo.discovery.internal.metadata.InMemoryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.metadata.report.MetadataReportFactory;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metadata report Dubbo creates from a nacos-app registry, on the framework's shared config clients. */
class NacosAppMetadataReportFactoryTest {
    private final InMemoryConfig nacos = new InMemoryConfig();
    private final FrameworkModel framework = new FrameworkModel();
    private final ApplicationModel application = framework.newApplication();
    private final NacosAppResources resources = new NacosAppResources(new InMemoryNacos(), nacos::create);

    NacosAppMetadataReportFactoryTest() {
        framework.getBeanFactory().registerBean(resources);
    }

    @AfterEach
    void destroy() {
        framework.destroy();
    }

    @Test
    void aReportDubboFailsToBuildGivesItsShareOfTheConfigClientBack(@TempDir Path dir) throws Exception {
        // Dubbo's report constructor creates the directory of its cache file, and fails when it cannot.
        Path notADirectory = Files.createFile(dir.resolve("a-file"));
        URL url = URL.valueOf("nacos-app://127.0.0.1:8848?namespace=report-test&file="
                        + notADirectory.resolve("cache").resolve("metadata"))
                .setScopeModel(application);

        assertThatThrownBy(() -> application
                        .getExtensionLoader(MetadataReportFactory.class)
                        .getExtension("nacos-app")
                        .getMetadataReport(url))
                .hasMessageContaining("Failed to create directory");

        assertThat(resources.configPool().size()).as("config clients left open").isZero();
    }
}

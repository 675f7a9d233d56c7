package dev.nacosapp.testkit.embedded.grpc;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.nacos.api.grpc.auto.Payload;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class NacosClientRequirementTest {

    private static final String SHADED_PACKAGE = "com.alibaba.nacos.shaded.";

    @Test
    void acceptsTheNacosClientOfThisBuild() {
        assertThatCode(() -> NacosClientRequirement.check(getClass().getClassLoader()))
                .doesNotThrowAnyException();
    }

    @Test
    void namesTheNeededClientWhenThereIsNone() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> NacosClientRequirement.check(empty))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("needs com.alibaba.nacos:nacos-client 2.x or 3.x")
                    .hasMessageContaining("Found no nacos-client");
        }
    }

    @Test
    void refusesAClientWithoutShadedGrpcAsThePureClassifierIs() throws Exception {
        URL clientJar = Payload.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader pure = new WithoutShadedClasses(clientJar)) {
            assertThatThrownBy(() -> NacosClientRequirement.check(pure))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("needs com.alibaba.nacos:nacos-client 2.x or 3.x")
                    .hasMessageMatching("(?s).*Found nacos-client [23]\\.\\d+\\.\\d+ without shaded gRPC.*");
        }
    }

    /** The nacos-client jar with its shaded packages left out: what the {@code pure} classifier lacks. */
    private static final class WithoutShadedClasses extends URLClassLoader {

        WithoutShadedClasses(URL jar) {
            super(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.startsWith(SHADED_PACKAGE)) {
                throw new ClassNotFoundException(name);
            }
            return super.findClass(name);
        }

        @Override
        public URL findResource(String name) {
            return name.startsWith(SHADED_PACKAGE.replace('.', '/')) ? null : super.findResource(name);
        }
    }
}

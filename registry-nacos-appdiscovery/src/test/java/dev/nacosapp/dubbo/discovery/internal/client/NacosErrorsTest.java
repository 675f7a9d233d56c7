package dev.nacosapp.dubbo.discovery.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.nacos.api.exception.NacosException;
import org.junit.jupiter.api.Test;

class NacosErrorsTest {

    @Test
    void showsTheServersMessageAndCode() {
        NacosException refused = new NacosException(403, "user not found!");

        assertThat(NacosErrors.describe(refused)).isEqualTo("user not found! (Nacos error code 403)");
    }

    @Test
    void namesAClassMissingFromTheClassPathInsteadOfOnlyItsName() {
        // nacos-client wraps a failed client construction as NacosException(-400, cause), whose message is then the
        // bare class name of a NoClassDefFoundError: "org.slf4j.LoggerFactory".
        NoClassDefFoundError missing = new NoClassDefFoundError("org/slf4j/LoggerFactory");
        missing.initCause(new ClassNotFoundException("org.slf4j.LoggerFactory"));
        NacosException wrapped = new NacosException(NacosException.CLIENT_INVALID_PARAM, missing);

        assertThat(NacosErrors.describe(wrapped))
                .contains("org.slf4j.LoggerFactory")
                .contains("missing from the class path")
                .contains("org.slf4j:slf4j-api");
    }

    @Test
    void namesAnyOtherMissingClassWithoutTheSlf4jAdvice() {
        NacosException wrapped =
                new NacosException(NacosException.CLIENT_INVALID_PARAM, new NoClassDefFoundError("com/example/Gone"));

        assertThat(NacosErrors.describe(wrapped))
                .contains("com.example.Gone")
                .contains("missing from the class path")
                .doesNotContain("slf4j");
    }
}

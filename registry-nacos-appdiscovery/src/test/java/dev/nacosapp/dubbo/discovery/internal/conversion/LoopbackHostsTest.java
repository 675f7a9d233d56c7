package dev.nacosapp.dubbo.discovery.internal.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import org.apache.dubbo.common.utils.NetUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoopbackHostsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "127.0.0.1, ::ffff:127.0.0.1",
        "127.1.2.3, ::ffff:127.1.2.3",
        "localhost, ::ffff:127.0.0.1",
        "10.0.0.1, 10.0.0.1",
        "127.example.com, 127.example.com",
        "::1, ::1",
        "provider.internal, provider.internal"
    })
    void onlyLoopbackAddressesAreRewritten(String registered, String forDubbo) {
        assertThat(LoopbackHosts.forDubboClient(registered)).isEqualTo(forDubbo);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1", "localhost"})
    void dubboLeavesTheRewrittenHostAloneAndJavaConnectsToIpv4Loopback(String registered) {
        String host = LoopbackHosts.forDubboClient(registered);

        assertThat(NetUtils.filterLocalHost(host))
                .as("what Dubbo's client connects to")
                .isEqualTo(host);
        InetSocketAddress address = new InetSocketAddress(host, 20880);
        assertThat(address.getAddress()).isInstanceOf(Inet4Address.class);
        assertThat(address.getAddress().isLoopbackAddress()).isTrue();
    }
}

package dev.nacosapp.testkit.embedded.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.remote.NamingRemoteConstants;
import com.alibaba.nacos.api.naming.remote.request.BatchInstanceRequest;
import com.alibaba.nacos.api.naming.remote.request.InstanceRequest;
import com.alibaba.nacos.api.naming.remote.request.PersistentInstanceRequest;
import com.alibaba.nacos.api.naming.remote.request.ServiceQueryRequest;
import com.alibaba.nacos.api.naming.remote.request.SubscribeServiceRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RegistrationHoldTest {

    private final AtomicLong nanos = new AtomicLong(1_000);

    private final RegistrationHold hold = RegistrationHold.of(Duration.ofSeconds(5), nanos::get);

    @Test
    void refusesRegistrationsFromArmingUntilTheDurationAfterBeginHasPassed() {
        assertThat(hold.refusal(register())).isPresent();

        hold.begin();
        nanos.addAndGet(Duration.ofMillis(4_999).toNanos());
        assertThat(hold.refusal(register())).isPresent();
        assertThat(hold.refusal(batchRegister())).isPresent();

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(hold.refusal(register())).isEmpty();
        assertThat(hold.isHolding()).isFalse();
    }

    @Test
    void refusesWithTheMessageOfNacosTpsControl() {
        assertThat(hold.refusal(register())).hasValueSatisfying(message -> assertThat(message)
                .startsWith(RegistrationHold.REFUSAL_PREFIX)
                .contains("5000 ms"));
    }

    @Test
    void neverHoldsDeregistrationsSubscriptionsQueriesOrPersistentInstances() {
        assertThat(hold.isHolding()).isTrue();

        assertThat(hold.refusal(
                        new InstanceRequest("", "s", "", NamingRemoteConstants.DE_REGISTER_INSTANCE, instance())))
                .isEmpty();
        assertThat(hold.refusal(new SubscribeServiceRequest("", "", "s", "", true)))
                .isEmpty();
        assertThat(hold.refusal(new ServiceQueryRequest("", "s", ""))).isEmpty();
        assertThat(hold.refusal(new PersistentInstanceRequest(
                        "", "s", "", NamingRemoteConstants.REGISTER_INSTANCE, instance())))
                .isEmpty();
    }

    @Test
    void noHoldRefusesNothing() {
        RegistrationHold none = RegistrationHold.none();

        assertThat(none.isHolding()).isFalse();
        assertThat(none.refusal(register())).isEmpty();
        assertThat(RegistrationHold.of(Duration.ZERO, nanos::get).refusal(register()))
                .isEmpty();
    }

    @Test
    void negativeDurationsAreRejected() {
        assertThatThrownBy(() -> RegistrationHold.of(Duration.ofMillis(-1), nanos::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }

    private static InstanceRequest register() {
        return new InstanceRequest("", "s", "", NamingRemoteConstants.REGISTER_INSTANCE, instance());
    }

    private static BatchInstanceRequest batchRegister() {
        return new BatchInstanceRequest(
                "", "s", "", NamingRemoteConstants.BATCH_REGISTER_INSTANCE, List.of(instance()));
    }

    private static Instance instance() {
        Instance instance = new Instance();
        instance.setIp("10.0.0.1");
        instance.setPort(8080);
        return instance;
    }
}

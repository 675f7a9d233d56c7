package dev.nacosapp.benchmarks.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.nacos.api.naming.pojo.Instance;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pushes the incremental benchmark feeds: which instances change, and where they are listed. */
class PushesTest {

    private static final int SIZE = 1000;

    @Test
    void inRegistrationOrderTheChangedInstanceStaysWhereItWas() {
        List<List<Instance>> hosts = new Pushes("pushes-registration", SIZE, 1, PushOrder.REGISTRATION).hosts();

        assertThat(ids(hosts.get(1))).isEqualTo(ids(hosts.get(0)));
        assertThat(changedIds(hosts)).hasSize(1);
    }

    @Test
    void inServerOrderTheChangedInstanceMovesAndTheOthersKeepTheirOrder() {
        List<List<Instance>> registration = new Pushes("pushes-server", SIZE, 1, PushOrder.REGISTRATION).hosts();
        List<List<Instance>> server = new Pushes("pushes-server", SIZE, 1, PushOrder.SERVER).hosts();
        List<String> changed = changedIds(server);

        assertThat(changed).hasSize(1);
        assertThat(ids(server.get(0))).isNotEqualTo(ids(registration.get(0)));
        assertThat(ids(server.get(0)).indexOf(changed.get(0)))
                .as("place of the changed instance before and after")
                .isNotEqualTo(ids(server.get(1)).indexOf(changed.get(0)));
        assertThat(without(ids(server.get(1)), changed.get(0))).isEqualTo(without(ids(server.get(0)), changed.get(0)));
    }

    @Test
    void inServerOrderEveryPushHoldsEveryInstanceOnce() {
        List<List<Instance>> hosts = new Pushes("pushes-all", SIZE, SIZE, PushOrder.SERVER).hosts();

        assertThat(hosts.get(0)).hasSize(SIZE);
        assertThat(ids(hosts.get(1))).hasSize(SIZE).doesNotHaveDuplicates();
        assertThat(changedIds(hosts)).hasSize(SIZE);
    }

    /** Instances whose metadata differs between the two pushes, by id. */
    private static List<String> changedIds(List<List<Instance>> hosts) {
        return hosts.get(0).stream()
                .filter(before -> hosts.get(1).stream()
                        .anyMatch(after -> after.getInstanceId().equals(before.getInstanceId())
                                && !after.getMetadata().equals(before.getMetadata())))
                .map(Instance::getInstanceId)
                .toList();
    }

    private static List<String> ids(List<Instance> instances) {
        return instances.stream().map(Instance::getInstanceId).toList();
    }

    private static List<String> without(List<String> ids, String id) {
        return ids.stream().filter(each -> !each.equals(id)).toList();
    }
}

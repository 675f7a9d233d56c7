package dev.nacosapp.testkit.http;

import java.util.List;

/**
 * One page of a service list ({@code /nacos/v1/ns/service/list}). Immutable and thread-safe.
 *
 * @param count how many services the group has in total
 * @param names the service names on this page, without group prefix
 */
public record ServicePage(int count, List<String> names) {

    public ServicePage {
        names = List.copyOf(names);
    }
}

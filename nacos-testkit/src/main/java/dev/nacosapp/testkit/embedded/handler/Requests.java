package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.pojo.Instance;

/** Checks shared by the instance handlers. Stateless and thread-safe. */
final class Requests {

    private Requests() {}

    static NacosException unsupportedType(String type) {
        return new NacosException(NacosException.INVALID_PARAM, String.format("Unsupported request type %s", type));
    }

    static void requireInstance(Instance instance) throws NacosException {
        if (instance == null || instance.getIp() == null || instance.getIp().isBlank()) {
            throw new NacosException(NacosException.INVALID_PARAM, "instance ip must not be blank");
        }
        if (instance.getPort() < 0 || instance.getPort() > 65535) {
            throw new NacosException(NacosException.INVALID_PARAM, "instance port out of range: " + instance.getPort());
        }
    }
}

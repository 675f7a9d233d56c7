package dev.nacosapp.dubbo.discovery.internal.configcenter;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.CONFIG_ERROR_NACOS;

import com.alibaba.nacos.api.config.listener.AbstractListener;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.apache.dubbo.common.config.configcenter.ConfigChangeType;
import org.apache.dubbo.common.config.configcenter.ConfigChangedEvent;
import org.apache.dubbo.common.config.configcenter.ConfigurationListener;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;

/**
 * The one nacos-client listener of one config (key, group): turns each content nacos-client hands over into a
 * {@link ConfigChangedEvent} and passes it to every Dubbo {@link ConfigurationListener} of that config. The event types
 * follow Dubbo's built-in Nacos config center: no content is {@code DELETED}, content after none is {@code ADDED},
 * anything else {@code MODIFIED}. Thread-safe: nacos-client calls it on its own notifier thread, one call at a time,
 * while Dubbo adds and removes listeners from others.
 */
final class RuleListener extends AbstractListener {
    private static final ErrorTypeAwareLogger LOGGER = LoggerFactory.getErrorTypeAwareLogger(RuleListener.class);

    private final String key;
    private final String group;
    private final Set<ConfigurationListener> listeners = new CopyOnWriteArraySet<ConfigurationListener>();
    /** The content last handed over; written only by nacos-client's notifier thread. */
    private volatile String last;

    RuleListener(String key, String group) {
        this.key = key;
        this.group = group;
    }

    String key() {
        return key;
    }

    String group() {
        return group;
    }

    void add(ConfigurationListener listener) {
        listeners.add(listener);
    }

    /** @return whether no Dubbo listener is left */
    boolean remove(ConfigurationListener listener) {
        listeners.remove(listener);
        return listeners.isEmpty();
    }

    @Override
    public void receiveConfigInfo(String content) {
        ConfigChangedEvent event = new ConfigChangedEvent(key, group, content, changeType(last, content));
        last = isBlank(content) ? null : content;
        for (ConfigurationListener listener : listeners) {
            try {
                listener.process(event);
            } catch (RuntimeException e) {
                // One failing listener must not keep a rule from the others, nor from nacos-client's next change.
                LOGGER.warn(
                        CONFIG_ERROR_NACOS,
                        "rule listener failed",
                        "",
                        "nacos-app: a listener of config " + key + " (group " + group + ") failed",
                        e);
            }
        }
    }

    static ConfigChangeType changeType(String before, String after) {
        if (isBlank(after)) {
            return ConfigChangeType.DELETED;
        }
        return isBlank(before) ? ConfigChangeType.ADDED : ConfigChangeType.MODIFIED;
    }

    private static boolean isBlank(String content) {
        return content == null || content.trim().isEmpty();
    }
}

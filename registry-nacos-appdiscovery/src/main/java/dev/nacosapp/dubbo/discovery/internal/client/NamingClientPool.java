package dev.nacosapp.dubbo.discovery.internal.client;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_NACOS_EXCEPTION;

import com.alibaba.nacos.api.exception.NacosException;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;

/**
 * Shares one nacos-client per (servers, namespace, credentials, client properties) among every discovery of the
 * process, counting references and shutting a client down when its last user releases it. Thread-safe.
 *
 * <p>Creating a nacos-client connects to the server, which can take seconds when none answers. That happens outside
 * the pool's lock: a discovery of another Nacos never waits for it, and discoveries of the same Nacos wait for the one
 * creation in flight rather than starting their own.
 */
public final class NamingClientPool {
    private static final ErrorTypeAwareLogger LOGGER = LoggerFactory.getErrorTypeAwareLogger(NamingClientPool.class);
    /** nacos-client's timeout of one connection attempt (it makes its retry count + 1 attempts while starting). */
    static final String SERVER_CHECK_TIMEOUT = "nacos.remote.client.grpc.server.check.timeout";

    static final String RETRY_TIMES = "nacos.remote.client.grpc.retry.times";
    private static final int DEFAULT_RETRY_TIMES = 3;
    private static final long MIN_ATTEMPT_MILLIS = 200;
    private static final long MAX_ATTEMPT_MILLIS = 3000;

    private final NamingOperationsFactory factory;
    /** Guarded by {@code this}. Keyed by a digest of the client properties, which hold credentials. */
    private final Map<String, Lease> clients = new HashMap<String, Lease>();

    public NamingClientPool(NamingOperationsFactory factory) {
        this.factory = factory;
    }

    /**
     * The shared client for the config, created on first use. Pair every successful call with {@link #release}.
     *
     * @throws NacosException when nacos-client cannot be created
     * @throws InterruptedException when interrupted while another thread creates the client
     */
    public SharedNamingClient acquire(NacosAppConfig config) throws NacosException, InterruptedException {
        Properties properties = config.toClientProperties();
        String key = keyOf(properties);
        Lease lease;
        boolean create;
        synchronized (this) {
            lease = clients.get(key);
            create = lease == null;
            if (create) {
                lease = new Lease();
                clients.put(key, lease);
            }
            lease.references++;
        }
        if (create) {
            try {
                NamingOperations operations = factory.create(withConnectBound(properties, config));
                SharedNamingClient created = new SharedNamingClient(key, operations);
                boolean closedMeanwhile;
                synchronized (this) {
                    closedMeanwhile = clients.get(key) != lease;
                }
                if (closedMeanwhile) {
                    // closeAll() ran while nacos-client was starting: nobody is left to release this client.
                    shutdown(created);
                    throw new IllegalStateException("nacos-app: the Nacos client for " + config.describeTarget()
                            + " was closed while starting");
                }
                lease.created(created);
                LOGGER.info("nacos-app: created a Nacos client for " + config.describeTarget());
            } catch (NacosException | RuntimeException e) {
                synchronized (this) {
                    clients.remove(key, lease);
                }
                lease.failed(e);
                throw e;
            }
        }
        try {
            return lease.await();
        } catch (InterruptedException | NacosException | RuntimeException e) {
            giveBack(key, lease);
            throw e;
        }
    }

    /**
     * nacos-client tries to connect up to {@code retry.times + 1} times while it starts, each attempt waiting up to the
     * server-check timeout (3 s by default), all before {@code createNamingService} returns. Sizing the attempts from
     * startup-timeout makes that timeout the real bound of client creation. A value the user set wins.
     */
    static Properties withConnectBound(Properties properties, NacosAppConfig config) {
        if (properties.getProperty(SERVER_CHECK_TIMEOUT) != null) {
            return properties;
        }
        int attempts = DEFAULT_RETRY_TIMES + 1;
        String retryTimes = properties.getProperty(RETRY_TIMES);
        if (retryTimes != null) {
            try {
                attempts = Math.max(1, Integer.parseInt(retryTimes.trim()) + 1);
            } catch (NumberFormatException e) {
                // nacos-client itself rejects it when it starts; the bound then is moot
            }
        }
        long perAttempt =
                Math.max(MIN_ATTEMPT_MILLIS, Math.min(MAX_ATTEMPT_MILLIS, config.startupTimeoutMillis() / attempts));
        Properties bounded = new Properties();
        bounded.putAll(properties);
        bounded.setProperty(SERVER_CHECK_TIMEOUT, Long.toString(perAttempt));
        return bounded;
    }

    /** Gives back a client; the last release shuts it down. */
    public void release(SharedNamingClient client) {
        Lease lease;
        synchronized (this) {
            lease = clients.get(client.poolKey());
            if (lease == null || lease.client != client) {
                return;
            }
        }
        giveBack(client.poolKey(), lease);
    }

    private void giveBack(String key, Lease lease) {
        SharedNamingClient toClose = null;
        synchronized (this) {
            if (clients.get(key) != lease) {
                return;
            }
            if (--lease.references == 0) {
                clients.remove(key);
                toClose = lease.client;
            }
        }
        if (toClose != null) {
            shutdown(toClose);
        }
    }

    /** How many distinct clients are open. */
    public synchronized int size() {
        return clients.size();
    }

    /** Shuts every client down, whoever still holds it. */
    public void closeAll() {
        Map<String, Lease> open;
        synchronized (this) {
            open = new HashMap<String, Lease>(clients);
            clients.clear();
        }
        for (Lease lease : open.values()) {
            if (lease.client != null) {
                shutdown(lease.client);
            }
        }
    }

    private static void shutdown(SharedNamingClient client) {
        try {
            client.shutdown();
        } catch (NacosException | RuntimeException e) {
            LOGGER.warn(REGISTRY_NACOS_EXCEPTION, "", "", "nacos-app: closing a Nacos client failed", e);
        }
    }

    /** A digest, so that no password or secret key is kept in clear as a map key. */
    public static String keyOf(Properties properties) {
        Map<String, String> sorted = new TreeMap<String, String>();
        for (String name : properties.stringPropertyNames()) {
            sorted.put(name, properties.getProperty(name));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(sorted.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(digest.length * 2);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** One client being created or in use. References are guarded by the pool. */
    private static final class Lease {
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile SharedNamingClient client;
        private volatile Exception failure;
        int references;

        void created(SharedNamingClient created) {
            client = created;
            done.countDown();
        }

        void failed(Exception e) {
            failure = e;
            done.countDown();
        }

        SharedNamingClient await() throws NacosException, InterruptedException {
            done.await();
            Exception e = failure;
            if (e instanceof NacosException) {
                NacosException nacos = (NacosException) e;
                throw new NacosException(nacos.getErrCode(), nacos.getErrMsg(), nacos);
            }
            if (e != null) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            return client;
        }
    }
}

package dev.nacosapp.dubbo.discovery.internal.client;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_NACOS_EXCEPTION;

import com.alibaba.nacos.api.exception.NacosException;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;

/**
 * Shares one nacos-client (naming or config) per (servers, namespace, credentials, client properties) among every
 * discovery and metadata report of the process. Each holder gets a {@link Lease} of its own; releasing a lease twice
 * (Dubbo destroys a metadata report twice) gives back one reference, and the last release shuts the client down
 * exactly once. Thread-safe.
 *
 * <p>Creating a client may connect to the server, which takes seconds when none answers. It runs on a short-lived
 * thread of its own ({@code nacos-app-connect}), outside the pool's lock: a holder of another Nacos never waits for it,
 * holders of the same Nacos wait for the one creation in flight, and each waits only as long as it chooses
 * ({@link #acquire}'s bound) without changing nacos-client's own connect and reconnect settings. A creation that
 * nobody waits for any more, or that ends after {@link #closeAll}, shuts its client down.
 *
 * <p>Longer than most classes because the reference counting, the creation outside the lock and the abandoning of a
 * creation nobody waits for are only correct read together.
 *
 * @param <C> the client type
 */
public final class ClientPool<C> {
    private static final ErrorTypeAwareLogger LOGGER = LoggerFactory.getErrorTypeAwareLogger(ClientPool.class);

    /** Creates a client for a config; may block while it connects. Implementations must be thread-safe. */
    public interface Factory<C> {
        C create(NacosAppConfig config) throws NacosException;
    }

    /** Shuts a client down. */
    public interface Closer<C> {
        void close(C client) throws NacosException;
    }

    private final String kind;
    private final Factory<C> factory;
    private final Closer<C> closer;
    /** Guarded by {@code this}. Keyed by a digest of the client properties, which hold credentials. */
    private final Map<String, Entry<C>> clients = new HashMap<String, Entry<C>>();

    private boolean closed;

    /**
     * @param kind what the clients are, for log lines ("naming", "config")
     */
    public ClientPool(String kind, Factory<C> factory, Closer<C> closer) {
        this.kind = kind;
        this.factory = factory;
        this.closer = closer;
    }

    /**
     * A lease on the shared client for the config, created on first use. Waits at most {@code boundMillis} for a
     * creation in flight; the creation itself goes on with nacos-client's own bounds, and its client is shut down if
     * nobody holds it by then. Release every lease returned.
     *
     * @throws NacosException when nacos-client cannot be created
     * @throws ClientNotReadyException when the client was not created within the bound
     * @throws InterruptedException when interrupted while waiting
     */
    public Lease<C> acquire(final NacosAppConfig config, long boundMillis) throws NacosException, InterruptedException {
        final String key = keyOf(config.toClientProperties());
        final Entry<C> entry;
        boolean create;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException(
                        "nacos-app: the Nacos clients of this Dubbo framework are closed; " + config.describeTarget());
            }
            Entry<C> existing = clients.get(key);
            create = existing == null;
            entry = create ? new Entry<C>() : existing;
            if (create) {
                clients.put(key, entry);
            }
            entry.references++;
        }
        if (create) {
            Thread creation = new Thread(() -> create(key, entry, config), "nacos-app-connect");
            creation.setDaemon(true);
            creation.start();
        }
        try {
            if (!entry.done.await(boundMillis, TimeUnit.MILLISECONDS)) {
                throw new ClientNotReadyException(boundMillis);
            }
            return new Lease<C>(this, key, entry, entry.result());
        } catch (InterruptedException | NacosException | RuntimeException e) {
            giveBack(key, entry);
            throw e;
        }
    }

    private void create(String key, Entry<C> entry, NacosAppConfig config) {
        C created;
        try {
            created = factory.create(config);
        } catch (NacosException | RuntimeException | LinkageError e) {
            synchronized (this) {
                clients.remove(key, entry);
            }
            entry.failed(e);
            return;
        }
        boolean orphaned;
        synchronized (this) {
            // closeAll() ran, or every waiter gave up, while nacos-client was starting: nobody will release it.
            orphaned = clients.get(key) != entry || entry.references == 0;
            if (orphaned) {
                clients.remove(key, entry);
            }
        }
        if (orphaned) {
            // Shut down before waking a waiter: whoever learns of the failure finds the client closed already.
            shutdown(created);
            entry.failed(new IllegalStateException("nacos-app: the Nacos " + kind + " client for "
                    + config.describeTarget() + " was closed while starting"));
            return;
        }
        entry.created(created);
        LOGGER.info("nacos-app: created a Nacos " + kind + " client for " + config.describeTarget());
    }

    private void giveBack(String key, Entry<C> entry) {
        C toClose = null;
        synchronized (this) {
            if (--entry.references == 0 && clients.get(key) == entry && entry.client != null) {
                clients.remove(key);
                toClose = entry.client;
            }
        }
        if (toClose != null) {
            shutdown(toClose);
        }
    }

    /** How many distinct clients are open or being created. */
    public synchronized int size() {
        return clients.size();
    }

    /** Shuts every client down, whoever still holds it; later acquisitions fail. */
    public void closeAll() {
        List<Entry<C>> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<Entry<C>>(clients.values());
            clients.clear();
        }
        for (Entry<C> entry : open) {
            if (entry.client != null) {
                shutdown(entry.client);
            }
        }
    }

    private void shutdown(C client) {
        try {
            closer.close(client);
        } catch (NacosException | RuntimeException e) {
            LOGGER.warn(REGISTRY_NACOS_EXCEPTION, "", "", "nacos-app: closing a Nacos " + kind + " client failed", e);
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

    /**
     * One holder's share of a client. {@link #release()} is idempotent: only the first call gives the reference back.
     * Thread-safe.
     */
    public static final class Lease<C> {
        private final ClientPool<C> pool;
        private final String key;
        private final Entry<C> entry;
        private final C client;
        private final AtomicBoolean released = new AtomicBoolean();

        Lease(ClientPool<C> pool, String key, Entry<C> entry, C client) {
            this.pool = pool;
            this.key = key;
            this.entry = entry;
            this.client = client;
        }

        public C client() {
            return client;
        }

        /** Gives this holder's reference back; the last one shuts the client down. Later calls do nothing. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                pool.giveBack(key, entry);
            }
        }
    }

    /** One client being created or in use. References are guarded by the pool. */
    private static final class Entry<C> {
        final CountDownLatch done = new CountDownLatch(1);
        volatile C client;
        volatile Throwable failure;
        int references;

        void created(C created) {
            client = created;
            done.countDown();
        }

        void failed(Throwable e) {
            failure = e;
            done.countDown();
        }

        /** The client, once {@link #done} is open; the creation's failure rethrown in the waiter's thread. */
        C result() throws NacosException {
            Throwable e = failure;
            if (e instanceof NacosException) {
                NacosException nacos = (NacosException) e;
                throw new NacosException(nacos.getErrCode(), nacos.getErrMsg(), nacos);
            }
            if (e instanceof LinkageError) {
                throw new IllegalStateException("nacos-app: nacos-client could not be loaded: " + e, e);
            }
            if (e != null) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            return client;
        }
    }
}

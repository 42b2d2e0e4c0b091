/*
 * Monitoring Lab test bed -- TEST-ONLY launcher for a real Elasticsearch node.
 *
 * Starts the genuine Elasticsearch server (org.elasticsearch:elasticsearch from Maven Central) embedded in
 * this JVM with `new Node(environment, pluginsLoader)`, loading the modules found under $ES_HOME/modules
 * (transport-netty4 for HTTP, plus mlab-test-compat, see CompatPlugin).
 *
 * What it skips compared to the official distribution (bin/elasticsearch -> server-cli -> Elasticsearch.main):
 *  - the entitlement agent (the security sandbox of ES 9), the native/system-call filter, the "not as root" check
 *    and the bootstrap checks' enforcement: a test bed does not need them;
 *  - x-pack (not published on Maven Central): xpack.* settings are accepted and ignored.
 *
 * Settings, as the official Docker image's entrypoint takes them:
 *  - environment variables whose name looks like a setting (lower case with dots, e.g. discovery.type,
 *    http.port, http.host, network.host, cluster.name, xpack.security.enabled);
 *  - environment variables ES_SETTING_XPACK_SECURITY_ENABLED style ("_" -> ".", "__" -> "_");
 *  - command line -Ekey=value;
 *  - $ES_HOME/config/elasticsearch.yml when present.
 * Defaults as in the official image (whose elasticsearch.yml sets cluster.name=docker-cluster, network.host=0.0.0.0),
 * used when $ES_HOME/config/elasticsearch.yml is absent; path.data=$ES_HOME/data, path.logs=$ES_HOME/logs.
 * One test-bed default differs: transport.host=127.0.0.1 (node-to-node transport is never used here).
 */
package dev.mlab.esengine;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginsLoader;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

public final class EsLauncher {
    /** The official image's entrypoint treats env vars of this shape as settings. */
    private static final Pattern SETTING_ENV = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_-]+)+");
    /** Settings of components that are not in this engine (x-pack, geoip...): accepted, logged and ignored. */
    private static final List<String> IGNORED_PREFIXES = List.of("xpack.", "ingest.geoip.", "indices.lifecycle.", "telemetry.");

    private EsLauncher() {}

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        LogConfigurator.configureESLogging();
        Path home = Paths.get(System.getProperty("es.path.home", System.getenv().getOrDefault("ES_HOME", "."))).toAbsolutePath().normalize();

        Map<String, String> given = new TreeMap<>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            String k = e.getKey();
            if (SETTING_ENV.matcher(k).matches()) {
                given.put(k, e.getValue());
            } else if (k.startsWith("ES_SETTING_")) {
                String s = k.substring("ES_SETTING_".length()).toLowerCase(Locale.ROOT)
                    .replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
                given.put(s, e.getValue());
            }
        }
        for (String a : args) {
            if (a.startsWith("-E") && a.indexOf('=') > 2) {
                given.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else {
                System.err.println("es-engine: unsupported argument " + a + " (only -Ekey=value)");
                System.exit(64);
            }
        }
        Map<String, String> overrides = new TreeMap<>();
        given.forEach((k, v) -> {
            if (IGNORED_PREFIXES.stream().anyMatch(k::startsWith)) {
                System.out.println("es-engine: ignoring setting " + k + "=" + v + " (component not in this test engine)");
            } else {
                overrides.put(k, v);
            }
        });

        // Defaults first; given settings (env, -E) override them. elasticsearch.yml sits between the two.
        Map<String, String> settings = new TreeMap<>();
        settings.put("path.data", home.resolve("data").toString());
        settings.put("path.logs", home.resolve("logs").toString());
        settings.put("transport.host", "127.0.0.1");
        Path configDir = home.resolve("config");
        Files.createDirectories(configDir);
        Path yml = configDir.resolve("elasticsearch.yml");
        if (!Files.exists(yml)) {
            settings.put("cluster.name", "docker-cluster");
            settings.put("network.host", "0.0.0.0");
        }
        settings.putAll(overrides);
        Environment env = InternalSettingsPreparer.prepareEnvironment(
            Settings.builder().put("path.home", home.toString()).build(), settings, configDir, EsLauncher::hostName);

        LogConfigurator.setClusterName(env.settings().get("cluster.name"));
        LogConfigurator.setNodeName(env.settings().get("node.name", hostName()));
        if (Files.exists(configDir.resolve("log4j2.properties"))) {
            LogConfigurator.configure(env, true);
        } else {
            LogConfigurator.configureWithoutConfig(env.settings());
        }

        PluginsLoader plugins = PluginsLoader.createPluginsLoader(
            PluginsLoader.loadModulesBundles(env.modulesDir(), false),
            PluginsLoader.loadPluginsBundles(env.pluginsDir(), false),
            Map.of());
        Node node = new Node(env, plugins);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("es-engine: stopping");
            try {
                node.prepareForClose();
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
                System.out.println("es-engine: stopped");
            }
        }, "es-engine-shutdown"));

        try {
            node.start();
        } catch (Throwable t) {
            t.printStackTrace();
            Runtime.getRuntime().halt(1);
        }
        System.out.printf(Locale.ROOT, "es-engine: started Elasticsearch %s in %d ms (home %s, data %s)%n",
            org.elasticsearch.Build.current().version(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
            home, String.join(",", env.settings().getAsList("path.data")));
        stopped.await();
    }

    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "es-engine";
        }
    }
}

// Neo4jLauncher runs an embedded Neo4j Community server with its Bolt
// connector, for contactgraph's tests and local use. scripts/neo4j/neo4j
// fetches the jars from Maven Central, compiles this file once into its cache
// and runs it; by hand:
//
//   java -cp "<cache>/lib/*" scripts/neo4j/Neo4jLauncher.java <home-dir> [port]
//
// <home-dir> is the Neo4j home: the store goes to <home-dir>/data, Neo4j's
// debug log to <home-dir>/logs. Port: the second argument, else
// CONTACTGRAPH_NEO4J_PORT, else 7687; it listens on 127.0.0.1 only.
// Authentication is off unless CONTACTGRAPH_NEO4J_PASSWORD is set, in which
// case it is on and user "neo4j" gets that password. The page cache is
// CONTACTGRAPH_NEO4J_PAGECACHE (e.g. 256m, 1g; default 256m).
//
// Prints "neo4j ready bolt://127.0.0.1:<port>" once Bolt accepts connections,
// shuts the DBMS down cleanly on SIGTERM/SIGINT and otherwise runs until
// killed.

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

public final class Neo4jLauncher {
    private static final String HOST = "127.0.0.1";

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
            System.err.println("usage: Neo4jLauncher <home-dir> [port]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath().normalize();
        int port = parsePort(args.length > 1 ? args[1] : env("CONTACTGRAPH_NEO4J_PORT", "7687"));
        String password = env("CONTACTGRAPH_NEO4J_PASSWORD", "");
        long pageCache = parseBytes(env("CONTACTGRAPH_NEO4J_PAGECACHE", "256m"));
        Files.createDirectories(home);

        long t0 = System.nanoTime();
        Log4jLogProvider userLog = new Log4jLogProvider(System.out, Level.INFO);
        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setUserLogProvider(userLog)
                    .setConfig(Map.of(
                            BoltConnector.enabled, true,
                            BoltConnector.listen_address, new SocketAddress(HOST, port),
                            BoltConnector.advertised_address, new SocketAddress(HOST, port),
                            BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED,
                            HttpConnector.enabled, false,
                            HttpsConnector.enabled, false))
                    .setConfig(GraphDatabaseSettings.auth_enabled, !password.isEmpty())
                    .setConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // Netty's default 5 s quiet period, waited twice, made
                    // every stop take over 10 s.
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .build();
        } catch (Throwable e) {
            System.err.println("neo4j failed to start: " + e);
            e.printStackTrace();
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4j shutting down");
            try {
                dbms.shutdown();
                System.out.println("neo4j stopped");
            } catch (Throwable e) {
                System.err.println("neo4j shutdown failed: " + e);
            } finally {
                userLog.close();
                System.out.flush();
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        if (!password.isEmpty()) {
            // The embedded API runs with full rights, so it can set the
            // initial password that neo4j-admin would otherwise set.
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $p CHANGE NOT REQUIRED", Map.of("p", password));
        }

        System.out.printf(Locale.ROOT, "neo4j ready bolt://%s:%d (%.1f s, home %s)%n",
                HOST, port, (System.nanoTime() - t0) / 1e9, home);
        System.out.flush();
        stopped.await();
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    private static int parsePort(String s) {
        try {
            int p = Integer.parseInt(s.trim());
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        System.err.println("bad port: " + s);
        System.exit(2);
        return 0;
    }

    /** Parses sizes like 256m, 1g, 512k or a plain byte count. */
    private static long parseBytes(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (v.endsWith("b")) {
            v = v.substring(0, v.length() - 1);
        }
        switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
            case 'k': mult = 1L << 10; break;
            case 'm': mult = 1L << 20; break;
            case 'g': mult = 1L << 30; break;
            default: mult = 1;
        }
        if (mult != 1) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            return Long.parseLong(v) * mult;
        } catch (NumberFormatException e) {
            System.err.println("bad size: " + s);
            System.exit(2);
            return 0;
        }
    }
}

package io.clipizy.testing;

import io.clipizy.infra.Ports;
import io.clipizy.infra.S3ProxyServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real S3-compatible server (S3Proxy, in memory) as a child JVM for the tests; its temp folder is removed on stop. */
public class S3Resource implements QuarkusTestResourceLifecycleManager {
    private static volatile String endpoint;
    private S3ProxyServer server;

    @Override
    public Map<String, String> start() {
        server = S3ProxyServer.start(Ports.free(), null, null, S3ProxyServer.DEFAULT_ACCESS_KEY, S3ProxyServer.DEFAULT_SECRET_KEY);
        endpoint = server.endpoint();
        return Map.of(
                "quarkus.s3.endpoint-override", endpoint,
                "quarkus.s3.aws.region", "us-east-1",
                "quarkus.s3.path-style-access", "true",
                "quarkus.s3.aws.credentials.type", "static",
                "quarkus.s3.aws.credentials.static-provider.access-key-id", S3ProxyServer.DEFAULT_ACCESS_KEY,
                "quarkus.s3.aws.credentials.static-provider.secret-access-key", S3ProxyServer.DEFAULT_SECRET_KEY);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }

    public static String endpoint() {
        return endpoint;
    }

    /** Stops the server while tests run, to check behaviour when S3 is down; {@link #start()} is not called again. */
    public void kill() {
        server.close();
    }
}

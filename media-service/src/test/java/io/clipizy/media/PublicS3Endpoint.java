package io.clipizy.media;

import io.clipizy.infra.Ports;
import io.clipizy.testing.S3Resource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The address browsers reach S3 at, apart from the one the service uses: a plain TCP relay on a port of its own (as a
 * load balancer or ingress in front of S3 would be) that passes every byte to the test S3 server and counts the
 * connections it carries, so a test can tell which traffic took the public way. Its URL is
 * {@code clipizy.s3.public-endpoint}; the service keeps talking to S3 directly.
 */
public class PublicS3Endpoint implements QuarkusTestResourceLifecycleManager {
    private static final AtomicInteger CONNECTIONS = new AtomicInteger();
    private static volatile int port;
    private ServerSocket server;
    private ExecutorService relays;

    @Override
    public Map<String, String> start() {
        try {
            port = Ports.free();
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the public S3 relay", e);
        }
        relays = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "public-s3-relay");
            thread.setDaemon(true);
            return thread;
        });
        relays.submit(this::accept);
        return Map.of("clipizy.s3.public-endpoint", endpoint());
    }

    /** The public endpoint: the relay, named by host name where the service's endpoint uses the IP address. */
    static String endpoint() {
        return "http://localhost:" + port;
    }

    static int port() {
        return port;
    }

    /** Connections the relay has carried so far. */
    static int connections() {
        return CONNECTIONS.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                CONNECTIONS.incrementAndGet();
                // S3Resource may have been restarted for another test profile: look its port up per connection
                URI target = URI.create(S3Resource.endpoint());
                Socket upstream = new Socket(target.getHost(), target.getPort());
                relays.submit(() -> pump(client, upstream));
                relays.submit(() -> pump(upstream, client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("public S3 relay: " + e.getMessage());
                }
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side closed: close the other too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void stop() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        relays.shutdownNow();
    }
}

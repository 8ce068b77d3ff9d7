import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workflow service's {@code GET /api/workflows/{id}} for the P7 chat benchmark, which both sides call once per
 * message: it answers the definitions of workflow-service/src/main/resources/workflows/pipelines (the files the real
 * service loads) from memory, and 401 without a bearer token. Prints {@code PORT=n} when listening; runs until killed.
 * A stand-in rather than the real service so that the benchmark measures the chat side, not a third JVM.
 *
 *   java WorkflowStandIn.java <pipelines dir>
 */
public class WorkflowStandIn {
    public static void main(String[] args) throws IOException {
        Map<String, byte[]> definitions = new HashMap<>();
        Pattern id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
        try (var files = Files.list(Path.of(args[0]))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".workflow.json")).toList()) {
                String json = Files.readString(file);
                Matcher m = id.matcher(json);
                if (m.find()) {
                    definitions.put(m.group(1), json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/workflows/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String name = exchange.getRequestURI().getPath().substring("/api/workflows/".length());
            byte[] body = definitions.get(name);
            if (auth == null || !auth.startsWith("Bearer ")) {
                answer(exchange, 401, "{\"status\":401}".getBytes());
            } else if (body == null) {
                answer(exchange, 404, "{\"status\":404}".getBytes());
            } else {
                answer(exchange, 200, body);
            }
        });
        server.start();
        System.out.println("PORT=" + server.getAddress().getPort() + " WORKFLOWS=" + definitions.size());
        System.out.flush();
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}

package io.clipizy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.infra.FfmpegTools;
import io.clipizy.infra.PostgresDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServicesTest {
    private static final List<String> S3_VARIABLES = List.of("QUARKUS_S3_ENDPOINT_OVERRIDE",
            "QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", "QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY");

    @TempDir
    Path tmp;

    private static ServiceSpec service(String module) {
        return Services.ALL.stream().filter(s -> s.module().equals(module)).findFirst().orElseThrow();
    }

    /** A tools folder marked complete: FfmpegTools then answers its paths without extracting anything. */
    private FfmpegTools ffmpeg() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ffmpeg"));
        Files.writeString(dir.resolve(".complete"), "test");
        return FfmpegTools.extract(dir);
    }

    @Test
    void theSixServicesWithTheirPortsAndDatabases() {
        Map<String, String> table = Services.ALL.stream()
                .collect(Collectors.toMap(s -> s.module(), s -> s.port() + " " + s.database()));
        assertEquals(Map.of(
                "chat-service", "8081 clipizy_chat",
                "workflow-service", "8082 clipizy_workflow",
                "generation-gateway", "8083 clipizy_gateway",
                "media-service", "8084 clipizy_media",
                "billing-service", "8085 clipizy_billing",
                "event-hub-service", "8086 clipizy_eventhub"), table);
        assertEquals(List.of("media-service"), Services.ALL.stream().filter(ServiceSpec::usesS3).map(ServiceSpec::module).toList());
    }

    @Test
    void portsDoNotClashWithTheInfrastructure() {
        for (ServiceSpec s : Services.ALL) {
            assertFalse(List.of(StackSettings.KAFKA_PORT, StackSettings.KAFKA_CONTROLLER_PORT, StackSettings.S3_PORT,
                    StackSettings.KEYCLOAK_PORT, 8080, 5432).contains(s.port()), s.module());
        }
    }

    @Test
    void secretsDefaultPerClientAndFollowTheEnvironment() {
        ServiceSpec billing = service("billing-service");
        assertEquals("CLIPIZY_BILLING_SERVICE_SECRET", billing.secretVariable());
        assertEquals("billing-service-secret", billing.secret(Map.of()));
        assertEquals("from-env", billing.secret(Map.of("CLIPIZY_BILLING_SERVICE_SECRET", "from-env")));
        assertEquals("CLIPIZY_GENERATION_GATEWAY_SECRET", service("generation-gateway").secretVariable());
    }

    @Test
    void everyServiceGetsItsPortDatabaseBrokerIdentityProviderAndTools() throws Exception {
        FfmpegTools tools = ffmpeg();
        PostgresDatabases db = new PostgresDatabases("127.0.0.1", 5432, "postgres", "");
        for (ServiceSpec s : Services.ALL) {
            Map<String, String> env = ServiceProcess.environment(s, new StackSettings(Map.of()), db, tools);
            assertEquals(String.valueOf(s.port()), env.get("QUARKUS_HTTP_PORT"));
            assertEquals("127.0.0.1", env.get("CLIPIZY_DB_HOST"));
            assertEquals("5432", env.get("CLIPIZY_DB_PORT"));
            assertEquals("postgres", env.get("CLIPIZY_DB_USER"));
            assertEquals(s.database(), env.get("CLIPIZY_DB_NAME"));
            assertFalse(env.containsKey("CLIPIZY_DB_PASSWORD"), "trust auth: no empty password passed on");
            assertEquals("127.0.0.1:9092", env.get("KAFKA_BOOTSTRAP_SERVERS"));
            assertEquals("http://localhost:8180/realms/clipizy", env.get("QUARKUS_OIDC_AUTH_SERVER_URL"));
            assertEquals(s.module(), env.get("QUARKUS_OIDC_CLIENT_ID"));
            assertEquals(s.module() + "-secret", env.get("QUARKUS_OIDC_CREDENTIALS_SECRET"));
            assertEquals(tools.ffmpeg().toString(), env.get("CLIPIZY_FFMPEG_PATH"));
            assertEquals(tools.ffprobe().toString(), env.get("CLIPIZY_FFPROBE_PATH"));
            assertEquals(s.usesS3(), env.keySet().containsAll(S3_VARIABLES), s.module());
            assertEquals(s.usesS3(), env.keySet().stream().anyMatch(k -> k.startsWith("QUARKUS_S3_")), s.module());
        }
    }

    @Test
    void aDatabaseSetGivesEveryServiceItsOwnDatabaseBesideTheDevelopersOne() throws Exception {
        StackSettings e2e = new StackSettings(Map.of("CLIPIZY_DATABASE_SET", "e2e", "CLIPIZY_FRESH_DATABASES", "true"));
        PostgresDatabases db = new PostgresDatabases("127.0.0.1", 5432, "postgres", "");
        FfmpegTools tools = ffmpeg();
        for (ServiceSpec s : Services.ALL) {
            assertEquals(s.database() + "_e2e", e2e.database(s));
            assertEquals(s.database() + "_e2e", ServiceProcess.environment(s, e2e, db, tools).get("CLIPIZY_DB_NAME"));
        }
        assertTrue(e2e.freshDatabases());
        assertFalse(new StackSettings(Map.of()).freshDatabases());
        IllegalStateException bad = assertThrows(IllegalStateException.class,
                () -> new StackSettings(Map.of("CLIPIZY_DATABASE_SET", "x; DROP")).database(service("chat-service")));
        assertTrue(bad.getMessage().contains("CLIPIZY_DATABASE_SET"), bad.getMessage());
    }

    @Test
    void mediaServiceReachesTheLocalS3() throws Exception {
        Map<String, String> env = ServiceProcess.environment(service("media-service"), new StackSettings(Map.of()),
                new PostgresDatabases("db.local", 6543, "clipizy", "pw"), ffmpeg());
        assertEquals("http://127.0.0.1:9000", env.get("QUARKUS_S3_ENDPOINT_OVERRIDE"));
        assertEquals("clipizy", env.get("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID"));
        assertEquals("clipizy-secret", env.get("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY"));
        // the database the launcher checked is the one the service is told about
        assertEquals("db.local", env.get("CLIPIZY_DB_HOST"));
        assertEquals("6543", env.get("CLIPIZY_DB_PORT"));
        assertEquals("pw", env.get("CLIPIZY_DB_PASSWORD"));
    }

    @Test
    void servicesRunFromTheirFastJarWithASmallFootprint() {
        Workspace workspace = new Workspace(tmp);
        ServiceSpec chat = service("chat-service");
        List<String> command = ServiceProcess.command(workspace, chat);
        assertEquals(tmp.resolve("chat-service/target/quarkus-app/quarkus-run.jar").toString(), command.get(command.size() - 1));
        assertEquals("-jar", command.get(command.size() - 2));
        assertTrue(command.contains("-Xmx256m"));
        assertTrue(command.contains("-XX:+UseSerialGC"));
        assertEquals(tmp.resolve(".clipizy/logs/chat-service.log"), workspace.log(chat.module()));
    }

    @Test
    void failingHealthChecksAreNamed() {
        String body = """
                {"status":"DOWN","checks":[{"name":"Database connections health check","status":"UP"},
                {"name":"Kafka connection health check","status":"DOWN","data":{"127.0.0.1:9092":"unreachable"}}]}""";
        String failing = ServiceProcess.failingChecks(new Http.Answer(503, body));
        assertTrue(failing.startsWith("Kafka connection health check DOWN"), failing);
        assertFalse(failing.contains("Database"));
        assertEquals("Bad gateway", ServiceProcess.failingChecks(new Http.Answer(502, "Bad gateway")));
    }
}

package io.clipizy.billing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.infra.ChildProcess;
import io.clipizy.infra.Ports;
import io.clipizy.testing.KafkaResource;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.clipizy.testing.PostgresResource;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reservations survive a crash of billing-service between reserve and settle: the packaged service (its own JVM, real
 * PostgreSQL and Kafka) takes two reservations, is killed with SIGKILL, starts again, and only then receives the
 * tasks' outcomes — one captured, one released, each exactly once even when delivered twice.
 */
class BillingRestartIT {
    private static final PostgresResource POSTGRES = new PostgresResource();
    private static final KafkaResource KAFKA = new KafkaResource();
    private static final Map<String, String> CONFIG = new HashMap<>();
    private static int port;

    @BeforeAll
    static void infrastructure() {
        POSTGRES.init(Map.of("database", "clipizy_billing_restart_it"));
        CONFIG.putAll(POSTGRES.start());
        CONFIG.putAll(KAFKA.start());
        CONFIG.putAll(new OidcResource().start());
        CONFIG.put("clipizy.billing.stripe.api-base", "http://127.0.0.1:9");
        port = Ports.free();
        CONFIG.put("quarkus.http.port", Integer.toString(port));
    }

    @AfterAll
    static void stop() {
        KAFKA.stop();
    }

    private static ChildProcess startService(String name) {
        List<String> args = new ArrayList<>(List.of("-Xmx256m", "-Dquarkus.profile=test"));
        CONFIG.forEach((k, v) -> {
            if (!v.isEmpty()) {
                args.add("-D" + k + "=" + v);
            }
        });
        ChildProcess service = ChildProcess.start(name, ChildProcess.javaCommand(args, "-jar",
                        Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString()),
                Map.of(), Path.of("target"), Path.of("target/" + name + ".log"));
        HttpClient http = HttpClient.newHttpClient();
        Ports.await("billing-service (" + name + ")", Duration.ofSeconds(90), () -> {
            if (!service.alive()) {
                throw new IllegalStateException("billing-service exited:\n" + service.tail(40));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception notYet) {
                return false;
            }
        });
        return service;
    }

    private static void reserve(UUID task) {
        given().port(port).auth().oauth2(OidcResource.token("generation-gateway", "service")).contentType(ContentType.JSON)
                .body(JsonCodec.encode(Map.of("taskId", task, "ownerId", "rex", "kind", "image_generation", "quantity", 1)))
                .when().post("/api/credits/reservations").then().statusCode(201).body("status", equalTo("RESERVED"));
    }

    private static String status(UUID task) {
        return given().port(port).auth().oauth2(OidcResource.token("generation-gateway", "service"))
                .when().get("/api/credits/reservations/" + task).then().statusCode(200).extract().path("status");
    }

    private static int balance() {
        return given().port(port).auth().oauth2(OidcResource.user("rex")).when().get("/api/credits/balance").then()
                .statusCode(200).extract().path("balance");
    }

    private static String event(UUID task, TaskStatus status, ErrorInfo error) {
        return JsonCodec.encode(TaskEvent.of(new TaskEvent.Correlation("rex", null, null, null, null, null), task,
                TaskKind.IMAGE_GENERATION, "local", status, 1, status.wire(), 5, List.of(), null, error));
    }

    @Test
    void captureAndReleaseSurviveACrashBetweenReserveAndSettle() throws Exception {
        UUID succeeded = UUID.randomUUID();
        UUID failed = UUID.randomUUID();
        ChildProcess first = startService("billing-before-crash");
        int afterReserve;
        try {
            int start = balance();
            reserve(succeeded);
            reserve(failed);
            afterReserve = balance();
            assertTrue(afterReserve < start, "credits are held while the tasks run");
        } finally {
            ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
            first.close();
        }

        ChildProcess second = startService("billing-after-crash");
        try {
            assertEquals("RESERVED", status(succeeded), "the reservation is still there after the crash");
            try (KafkaTestClient kafka = new KafkaTestClient()) {
                for (int delivery = 0; delivery < 2; delivery++) {
                    kafka.send(Topics.TASK_EVENTS, succeeded.toString(), event(succeeded, TaskStatus.SUCCEEDED, null));
                    kafka.send(Topics.TASK_EVENTS, failed.toString(), event(failed, TaskStatus.FAILED,
                            new ErrorInfo(ErrorCode.PROVIDER_UNAVAILABLE, "provider down", true)));
                }
            }
            // The killed instance still holds the group's partitions until its Kafka session expires (45 s by default),
            // so consumption resumes only then: that is the recovery time after a crash, not a bug.
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline && !("CAPTURED".equals(status(succeeded)) && "RELEASED".equals(status(failed)))) {
                Thread.sleep(200);
            }
            assertEquals("CAPTURED", status(succeeded));
            assertEquals("RELEASED", status(failed));
            Thread.sleep(1500);
            int held = 60 - afterReserve;
            assertEquals(afterReserve + held / 2, balance(), "the failed task's credits came back once; the other's were charged once");
        } finally {
            second.close();
        }
    }
}

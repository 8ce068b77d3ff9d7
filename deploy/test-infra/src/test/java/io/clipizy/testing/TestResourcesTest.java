package io.clipizy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** The test resources themselves: a real broker with every topic, and tokens shaped like Keycloak's. */
class TestResourcesTest {

    @Test
    void theBrokerStartsWithEveryTopicAndItsDeadLetterTopicAndCarriesRecords() throws Exception {
        KafkaResource kafka = new KafkaResource();
        Map<String, String> config = kafka.start();
        try {
            assertEquals(KafkaResource.bootstrapServers(), config.get("kafka.bootstrap.servers"));
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                Set<String> names = admin.listTopics().names().get(20, TimeUnit.SECONDS);
                for (String topic : io.clipizy.infra.KafkaTopics.TOPICS) {
                    assertTrue(names.contains(topic) && names.contains(topic + ".dlq"), topic + " in " + names);
                }
            }
            try (KafkaTestClient client = new KafkaTestClient("task.events")) {
                client.send("task.events", "k1", "{\"hello\":1}");
                assertEquals("{\"hello\":1}", client.await(r -> "k1".equals(r.key()), 1, Duration.ofSeconds(20)).get(0).value());
            }
        } finally {
            kafka.stop();
        }
    }

    @Test
    void tokensCarryTheSubjectRolesAndExpiryLikeKeycloaks() throws Exception {
        String token = OidcResource.token("alice", Duration.ofMinutes(5), "user", "admin");
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length, "a signed JWT");
        JsonNode claims = new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        assertEquals("alice", claims.get("sub").asText());
        assertEquals(OidcResource.ISSUER, claims.get("iss").asText());
        assertEquals(Set.of("user", "admin"), Set.of(claims.get("realm_access").get("roles").get(0).asText(),
                claims.get("realm_access").get("roles").get(1).asText()));
        long lifetime = claims.get("exp").asLong() - System.currentTimeMillis() / 1000;
        assertTrue(lifetime > 240 && lifetime <= 300, "expires in about 5 minutes: " + lifetime);
        assertTrue(new OidcResource().start().get("quarkus.oidc.public-key").length() > 300, "the verifying key is handed over");
    }
}

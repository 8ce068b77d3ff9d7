package io.clipizy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClipizyRealmTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode realm(Map<String, String> env) throws Exception {
        // through the JSON text, as Keycloak reads it
        return JSON.readTree(ClipizyRealm.json(new StackSettings(env)));
    }

    private static JsonNode client(JsonNode realm, String clientId) {
        for (JsonNode client : realm.path("clients")) {
            if (clientId.equals(client.path("clientId").asText())) {
                return client;
            }
        }
        throw new AssertionError("no client " + clientId);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void realmWithFifteenMinuteTokensAndTheTwoRoles() throws Exception {
        JsonNode realm = realm(Map.of());
        assertEquals("clipizy", realm.path("realm").asText());
        assertTrue(realm.path("enabled").asBoolean());
        assertEquals(900, realm.path("accessTokenLifespan").asInt());
        List<String> roles = new ArrayList<>();
        realm.path("roles").path("realm").forEach(r -> roles.add(r.path("name").asText()));
        assertTrue(roles.containsAll(List.of("user", "admin", "service", "default-roles-clipizy")), roles.toString());
    }

    @Test
    void newUsersGetTheUserRoleByDefault() throws Exception {
        JsonNode realm = realm(Map.of());
        assertEquals("default-roles-clipizy", realm.path("defaultRole").path("name").asText());
        JsonNode defaults = null;
        for (JsonNode role : realm.path("roles").path("realm")) {
            if ("default-roles-clipizy".equals(role.path("name").asText())) {
                defaults = role;
            }
        }
        assertNotNull(defaults);
        assertTrue(defaults.path("composite").asBoolean());
        List<String> composites = texts(defaults.path("composites").path("realm"));
        assertTrue(composites.contains("user"));
        assertFalse(composites.contains("admin"), "admin is granted, never defaulted");
    }

    @Test
    void oneConfidentialServiceAccountClientPerService() throws Exception {
        JsonNode realm = realm(Map.of());
        for (ServiceSpec service : Services.ALL) {
            JsonNode client = client(realm, service.module());
            assertFalse(client.path("publicClient").asBoolean(), service.module());
            assertTrue(client.path("serviceAccountsEnabled").asBoolean(), service.module());
            assertEquals("client-secret", client.path("clientAuthenticatorType").asText());
            assertEquals(service.module() + "-secret", client.path("secret").asText());
            assertFalse(client.path("standardFlowEnabled").asBoolean(), "no browser logs in through a service");
            assertFalse(client.path("directAccessGrantsEnabled").asBoolean());
        }
        assertEquals(Services.ALL.size() + 2, realm.path("clients").size(), "the services, the web app and the CLI");
    }

    @Test
    void aServiceSecretCanBeOverriddenFromTheEnvironment() throws Exception {
        JsonNode realm = realm(Map.of("CLIPIZY_CHAT_SERVICE_SECRET", "s3cr3t-from-env"));
        assertEquals("s3cr3t-from-env", client(realm, "chat-service").path("secret").asText());
        assertEquals("media-service-secret", client(realm, "media-service").path("secret").asText());
    }

    @Test
    void webClientIsPublicWithCodeFlowAndPkceS256() throws Exception {
        JsonNode web = client(realm(Map.of()), "clipizy-web");
        assertTrue(web.path("publicClient").asBoolean());
        assertTrue(web.path("standardFlowEnabled").asBoolean());
        assertFalse(web.path("implicitFlowEnabled").asBoolean());
        assertFalse(web.path("directAccessGrantsEnabled").asBoolean());
        assertEquals("S256", web.path("attributes").path("pkce.code.challenge.method").asText());
        assertEquals(List.of("http://localhost:8080/*"), texts(web.path("redirectUris")));
        assertEquals(List.of("http://localhost:8080"), texts(web.path("webOrigins")));
        assertFalse(web.has("secret"));
    }

    @Test
    void cliClientIsPublicWithThePasswordGrant() throws Exception {
        JsonNode cli = client(realm(Map.of()), "clipizy-cli");
        assertTrue(cli.path("publicClient").asBoolean());
        assertTrue(cli.path("directAccessGrantsEnabled").asBoolean());
        assertFalse(cli.path("standardFlowEnabled").asBoolean());
    }

    @Test
    void everyServiceAccountHasTheServiceRole() throws Exception {
        JsonNode users = realm(Map.of()).path("users");
        for (ServiceSpec service : Services.ALL) {
            JsonNode account = null;
            for (JsonNode user : users) {
                if (service.clientId().equals(user.path("serviceAccountClientId").asText())) {
                    account = user;
                }
            }
            assertNotNull(account, "a service account for " + service.clientId());
            assertEquals("service-account-" + service.clientId(), account.path("username").asText());
            assertTrue(account.path("enabled").asBoolean());
            assertTrue(texts(account.path("realmRoles")).contains("service"), service.clientId());
            assertFalse(account.has("credentials"), "a service account logs in with its client's secret only");
        }
        for (JsonNode user : users) {
            if (!user.has("serviceAccountClientId")) {
                assertFalse(texts(user.path("realmRoles")).contains("service"), "people never get the service role");
            }
        }
        JsonNode defaults = null;
        for (JsonNode role : realm(Map.of()).path("roles").path("realm")) {
            if ("default-roles-clipizy".equals(role.path("name").asText())) {
                defaults = role;
            }
        }
        assertFalse(texts(defaults.path("composites").path("realm")).contains("service"), "never a default role");
    }

    @Test
    void twoVerifiedDemoUsersWithPasswordsAndRoles() throws Exception {
        JsonNode users = realm(Map.of()).path("users");
        List<JsonNode> people = new ArrayList<>();
        users.forEach(u -> {
            if (!u.has("serviceAccountClientId")) {
                people.add(u);
            }
        });
        assertEquals(2, people.size());
        users = JSON.valueToTree(people);
        JsonNode demo = users.get(0);
        JsonNode demo2 = users.get(1);
        assertEquals("demo", demo.path("username").asText());
        assertEquals("demo2", demo2.path("username").asText());
        for (JsonNode user : users) {
            assertTrue(user.path("enabled").asBoolean());
            assertTrue(user.path("emailVerified").asBoolean());
            assertTrue(user.path("email").asText().contains("@"));
            assertFalse(user.path("firstName").asText().isBlank());
            assertFalse(user.path("lastName").asText().isBlank());
            JsonNode credential = user.path("credentials").get(0);
            assertEquals("password", credential.path("type").asText());
            assertEquals(user.path("username").asText(), credential.path("value").asText());
            assertFalse(credential.path("temporary").asBoolean());
        }
        assertTrue(texts(demo.path("realmRoles")).contains("user"));
        assertFalse(texts(demo.path("realmRoles")).contains("admin"));
        assertTrue(texts(demo2.path("realmRoles")).containsAll(List.of("user", "admin")));
    }

    @Test
    void demoUserIdsAreStableSoTheirSubjectSurvivesARealmReset() throws Exception {
        String first = realm(Map.of()).path("users").get(0).path("id").asText();
        String again = realm(Map.of("CLIPIZY_CHAT_SERVICE_SECRET", "changed")).path("users").get(0).path("id").asText();
        assertEquals(first, again);
        assertEquals(36, first.length());
        assertFalse(first.equals(realm(Map.of()).path("users").get(1).path("id").asText()));
    }

    @Test
    void noIdentityProvidersWithoutCredentials() throws Exception {
        assertFalse(realm(Map.of()).has("identityProviders"));
        // half a configuration is no configuration: the provider would only fail at login
        assertFalse(realm(Map.of("CLIPIZY_GITHUB_CLIENT_ID", "gh-id")).has("identityProviders"));
        assertFalse(realm(Map.of("CLIPIZY_GOOGLE_CLIENT_SECRET", "g-secret", "CLIPIZY_GOOGLE_CLIENT_ID", " ")).has("identityProviders"));
    }

    @Test
    void githubAppearsOnlyWhenConfigured() throws Exception {
        JsonNode providers = realm(Map.of("CLIPIZY_GITHUB_CLIENT_ID", "gh-id", "CLIPIZY_GITHUB_CLIENT_SECRET", "gh-secret"))
                .path("identityProviders");
        assertEquals(1, providers.size());
        JsonNode github = providers.get(0);
        assertEquals("github", github.path("alias").asText());
        assertEquals("github", github.path("providerId").asText());
        assertTrue(github.path("enabled").asBoolean());
        assertEquals("gh-id", github.path("config").path("clientId").asText());
        assertEquals("gh-secret", github.path("config").path("clientSecret").asText());
    }

    @Test
    void bothProvidersWhenBothAreConfigured() throws Exception {
        JsonNode providers = realm(Map.of("CLIPIZY_GITHUB_CLIENT_ID", "gh-id", "CLIPIZY_GITHUB_CLIENT_SECRET", "gh-secret",
                "CLIPIZY_GOOGLE_CLIENT_ID", "g-id", "CLIPIZY_GOOGLE_CLIENT_SECRET", "g-secret")).path("identityProviders");
        assertEquals(List.of("github", "google"), List.of(providers.get(0).path("alias").asText(), providers.get(1).path("alias").asText()));
        assertEquals("google", providers.get(1).path("providerId").asText());
        assertEquals("g-id", providers.get(1).path("config").path("clientId").asText());
    }
}

package io.clipizy.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Keycloak realm of the local stack, generated at each start from {@link Services} and {@link StackSettings}
 * (so a new service gets its client, and an identity provider appears once its credentials are set) and imported by
 * {@code kc.sh start-dev --import-realm}.
 */
public final class ClipizyRealm {
    public static final String USER_ROLE = "user";
    public static final String ADMIN_ROLE = "admin";
    /** The role of the suite's services calling each other with client-credentials tokens (billing, media...). */
    public static final String SERVICE_ROLE = "service";
    public static final String WEB_CLIENT = "clipizy-web";
    public static final String CLI_CLIENT = "clipizy-cli";
    public static final int ACCESS_TOKEN_LIFESPAN_SECONDS = 15 * 60;

    /** A demo account: its password equals its username (local stack only). */
    public record DemoUser(String username, String firstName, String lastName, List<String> roles) {
        public String password() {
            return username;
        }

        public String email() {
            return username + "@example.com";
        }

        /**
         * Derived from the username, so the token's {@code sub} (the owner of every project in the services'
         * databases) stays the same when Keycloak's data is reset and the realm imported again.
         */
        public String id() {
            return UUID.nameUUIDFromBytes(("clipizy-demo-user:" + username).getBytes(StandardCharsets.UTF_8)).toString();
        }
    }

    public static final List<DemoUser> DEMO_USERS = List.of(
            new DemoUser("demo", "Demo", "User", List.of(USER_ROLE)),
            new DemoUser("demo2", "Demo", "Admin", List.of(USER_ROLE, ADMIN_ROLE)));

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String DEFAULT_ROLES = "default-roles-" + StackSettings.REALM;

    private ClipizyRealm() {
    }

    public static String json(StackSettings settings) {
        try {
            return JSON.writeValueAsString(build(settings));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode build(StackSettings settings) {
        ObjectNode realm = JSON.createObjectNode()
                .put("realm", StackSettings.REALM)
                .put("displayName", "Clipizy")
                .put("enabled", true)
                // plain HTTP is accepted from loopback addresses only (Keycloak's default, kept explicit)
                .put("sslRequired", "external")
                .put("accessTokenLifespan", ACCESS_TOKEN_LIFESPAN_SECONDS)
                .put("registrationAllowed", false)
                .put("loginWithEmailAllowed", true)
                .put("duplicateEmailsAllowed", false);
        realm.set("roles", roles());
        // every new user (registered, or arriving through GitHub/Google) gets the user role through this composite
        realm.putObject("defaultRole").put("name", DEFAULT_ROLES).put("composite", true).put("clientRole", false);
        realm.set("clients", clients(settings));
        realm.set("users", users());
        ArrayNode providers = identityProviders(settings);
        if (!providers.isEmpty()) {
            realm.set("identityProviders", providers);
        }
        return realm;
    }

    private static ObjectNode roles() {
        ObjectNode roles = JSON.createObjectNode();
        ArrayNode realmRoles = roles.putArray("realm");
        realmRoles.addObject().put("name", USER_ROLE).put("description", "A Clipizy user: owns projects, chats, media");
        realmRoles.addObject().put("name", ADMIN_ROLE).put("description", "Operates the suite: every user's data, billing");
        realmRoles.addObject().put("name", SERVICE_ROLE)
                .put("description", "A Clipizy service calling another one for a user it already authenticated");
        // Keycloak's own defaults, declared because the default-roles composite below refers to them
        realmRoles.addObject().put("name", "offline_access").put("description", "${role_offline-access}");
        realmRoles.addObject().put("name", "uma_authorization").put("description", "${role_uma_authorization}");
        ObjectNode defaults = realmRoles.addObject().put("name", DEFAULT_ROLES).put("description", "${role_default-roles}")
                .put("composite", true);
        ObjectNode composites = defaults.putObject("composites");
        composites.putArray("realm").add(USER_ROLE).add("offline_access").add("uma_authorization");
        composites.putObject("client").putArray("account").add("view-profile").add("manage-account");
        return roles;
    }

    private static ArrayNode clients(StackSettings settings) {
        ArrayNode clients = JSON.createArrayNode();
        for (ServiceSpec service : Services.ALL) {
            // confidential, service account only: the service validates bearer tokens and calls its peers with
            // client-credentials tokens; no browser ever logs in through it
            ObjectNode client = clients.addObject()
                    .put("clientId", service.clientId())
                    .put("name", "Clipizy " + service.module())
                    .put("enabled", true)
                    .put("protocol", "openid-connect")
                    .put("publicClient", false)
                    .put("clientAuthenticatorType", "client-secret")
                    .put("secret", settings.secret(service))
                    .put("serviceAccountsEnabled", true)
                    .put("standardFlowEnabled", false)
                    .put("implicitFlowEnabled", false)
                    .put("directAccessGrantsEnabled", false);
            client.putArray("redirectUris");
            client.putArray("webOrigins");
        }
        ObjectNode web = clients.addObject()
                .put("clientId", WEB_CLIENT)
                .put("name", "Clipizy web app")
                .put("enabled", true)
                .put("protocol", "openid-connect")
                .put("publicClient", true)
                .put("rootUrl", StackSettings.WEB_ORIGIN)
                .put("standardFlowEnabled", true)
                .put("implicitFlowEnabled", false)
                .put("directAccessGrantsEnabled", false)
                .put("serviceAccountsEnabled", false);
        web.putArray("redirectUris").add(StackSettings.WEB_ORIGIN + "/*");
        web.putArray("webOrigins").add(StackSettings.WEB_ORIGIN);
        // a public browser client: the authorization code is bound to the PKCE verifier, S256 only
        web.putObject("attributes")
                .put("pkce.code.challenge.method", "S256")
                .put("post.logout.redirect.uris", StackSettings.WEB_ORIGIN + "/*");
        ObjectNode cli = clients.addObject()
                .put("clientId", CLI_CLIENT)
                .put("name", "Clipizy command-line demo")
                .put("enabled", true)
                .put("protocol", "openid-connect")
                .put("publicClient", true)
                .put("standardFlowEnabled", false)
                .put("implicitFlowEnabled", false)
                // the password grant, so a script can get a demo user's token with curl
                .put("directAccessGrantsEnabled", true)
                .put("serviceAccountsEnabled", false);
        cli.putArray("redirectUris");
        cli.putArray("webOrigins");
        return clients;
    }

    private static ArrayNode users() {
        ArrayNode users = JSON.createArrayNode();
        for (DemoUser demo : DEMO_USERS) {
            ObjectNode user = users.addObject()
                    .put("id", demo.id())
                    .put("username", demo.username())
                    .put("email", demo.email())
                    .put("firstName", demo.firstName())
                    .put("lastName", demo.lastName())
                    .put("enabled", true)
                    .put("emailVerified", true);
            user.putArray("credentials").addObject()
                    .put("type", "password")
                    .put("value", demo.password())
                    .put("temporary", false);
            ArrayNode roles = user.putArray("realmRoles").add(DEFAULT_ROLES);
            demo.roles().forEach(roles::add);
        }
        // each service's client-credentials identity: the service role, so its peers' internal APIs accept it
        for (ServiceSpec service : Services.ALL) {
            users.addObject()
                    .put("username", "service-account-" + service.clientId())
                    .put("enabled", true)
                    .put("serviceAccountClientId", service.clientId())
                    .putArray("realmRoles").add(DEFAULT_ROLES).add(SERVICE_ROLE);
        }
        return users;
    }

    private static ArrayNode identityProviders(StackSettings settings) {
        ArrayNode providers = JSON.createArrayNode();
        addProvider(providers, "github", "GitHub", settings.github());
        addProvider(providers, "google", "Google", settings.google());
        return providers;
    }

    private static void addProvider(ArrayNode providers, String id, String displayName, Optional<StackSettings.OAuthApp> app) {
        app.ifPresent(a -> {
            ObjectNode provider = providers.addObject()
                    .put("alias", id)
                    .put("providerId", id)
                    .put("displayName", displayName)
                    .put("enabled", true)
                    // both providers only hand out addresses their owners have verified
                    .put("trustEmail", true)
                    .put("firstBrokerLoginFlowAlias", "first broker login");
            provider.putObject("config")
                    .put("clientId", a.clientId())
                    .put("clientSecret", a.clientSecret())
                    .put("syncMode", "IMPORT");
        });
    }
}

package io.clipizy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.infra.ApiRoutes;
import io.clipizy.infra.KafkaTopics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every manifest of the Kustomize base parsed with the fabric8 Kubernetes model, and its wiring checked against what
 * the code really needs: Services select Deployments, routes reach Services (and mirror the route table the local API
 * gateway uses), every topic the services use has a KafkaTopic, every setting that defaults to localhost in a
 * service's configuration is provided, every service has its database, its role and its Keycloak client.
 */
class ManifestsTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path BASE = MODULE.resolve("base");
    private static final Path REPO = MODULE.getParent().getParent();
    private static final List<String> SERVICES = List.of("chat-service", "workflow-service", "generation-gateway",
            "media-service", "billing-service", "event-hub-service");
    /** Secrets created out of band (documented in base/kustomization.yaml). */
    private static final Pattern EXTERNAL_SECRET = Pattern.compile("clipizy-db-[a-z-]+|clipizy-oidc-[a-z-]+|media-s3|billing-stripe|clipizy-tls");

    private static final List<HasMetadata> ALL = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        for (String file : kustomizationResources(BASE)) {
            Path path = BASE.resolve(file);
            assertTrue(Files.isRegularFile(path), "base/kustomization.yaml lists a missing file: " + file);
            for (String doc : Files.readString(path).split("(?m)^---\\s*$")) {
                if (doc.lines().anyMatch(l -> l.startsWith("kind:"))) {
                    Object parsed = Serialization.unmarshal(doc);
                    assertTrue(parsed instanceof HasMetadata, file + ": not a Kubernetes resource");
                    ALL.add((HasMetadata) parsed);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> kustomizationResources(Path dir) throws IOException {
        Map<String, Object> k = Serialization.unmarshal(Files.readString(dir.resolve("kustomization.yaml")), Map.class);
        return (List<String>) k.get("resources");
    }

    private static <T extends HasMetadata> List<T> all(Class<T> type) {
        return ALL.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).toList();
    }

    private static Deployment deployment(String name) {
        return all(Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    @Test
    void everyYamlFileInTheBaseIsListedAndParsesAsATypedResource() throws IOException {
        Set<String> listed = new HashSet<>(kustomizationResources(BASE));
        try (Stream<Path> files = Files.walk(BASE)) {
            files.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("kustomization.yaml"))
                    .forEach(p -> assertTrue(listed.contains(BASE.relativize(p).toString()), "not in kustomization: " + p));
        }
        assertEquals(SERVICES.size(), all(Deployment.class).size());
        assertEquals(SERVICES.size(), all(Service.class).size());
        assertFalse(all(HTTPRoute.class).isEmpty(), "HTTPRoutes must parse as the Gateway API model");
        assertEquals(1, all(Gateway.class).size());
    }

    @Test
    void eachServiceSelectsItsDeploymentAndANamedContainerPort() {
        for (Service service : all(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            List<Deployment> selected = all(Deployment.class).stream()
                    .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertEquals(1, selected.size(), "Service " + service.getMetadata().getName() + " selects " + selected.size());
            Container container = selected.get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
            for (ServicePort port : service.getSpec().getPorts()) {
                IntOrString target = port.getTargetPort();
                assertTrue(container.getPorts().stream().anyMatch(p -> target.getStrVal() != null
                        ? target.getStrVal().equals(p.getName()) : target.getIntVal().equals(p.getContainerPort())),
                        "Service " + service.getMetadata().getName() + " targets a port its pods do not have: " + target);
            }
            assertEquals(selected.get(0).getSpec().getSelector().getMatchLabels(), selector);
        }
    }

    @Test
    void everyDeploymentIsProbedLimitedScaledAndProtected() {
        Set<String> hpaTargets = all(HorizontalPodAutoscaler.class).stream().map(h -> h.getSpec().getScaleTargetRef().getName())
                .collect(Collectors.toSet());
        for (String name : SERVICES) {
            Deployment d = deployment(name);
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath(), name);
            assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath(), name);
            assertNotNull(c.getResources().getRequests().get("memory"), name);
            assertNotNull(c.getResources().getLimits().get("memory"), name);
            assertTrue(hpaTargets.contains(name), "no HorizontalPodAutoscaler for " + name);
            assertTrue(all(PodDisruptionBudget.class).stream().anyMatch(p -> p.getSpec().getSelector().getMatchLabels()
                    .equals(d.getSpec().getSelector().getMatchLabels())), "no PodDisruptionBudget for " + name);
            assertTrue(custom("ServiceMonitor").stream().anyMatch(m -> m.getMetadata().getName().equals(name)), "no ServiceMonitor for " + name);
            assertTrue(all(NetworkPolicy.class).stream().anyMatch(p -> p.getSpec().getPodSelector().getMatchLabels() != null
                    && p.getSpec().getPodSelector().getMatchLabels().equals(d.getSpec().getSelector().getMatchLabels())),
                    "no NetworkPolicy for " + name);
        }
    }

    @Test
    void routesReachExistingServicesAndMirrorTheRouteTable() {
        Set<String> gateways = all(Gateway.class).stream().map(g -> g.getMetadata().getName()).collect(Collectors.toSet());
        Map<String, String> routed = new HashMap<>();
        for (HTTPRoute route : all(HTTPRoute.class)) {
            route.getSpec().getParentRefs().forEach(p -> assertTrue(gateways.contains(p.getName()), "no Gateway " + p.getName()));
            for (HTTPRouteRule rule : route.getSpec().getRules()) {
                rule.getBackendRefs().forEach(ref -> {
                    Service target = all(Service.class).stream().filter(s -> s.getMetadata().getName().equals(ref.getName()))
                            .findFirst().orElseThrow(() -> new AssertionError("route to a missing Service " + ref.getName()));
                    assertTrue(target.getSpec().getPorts().stream().anyMatch(p -> p.getPort().equals(ref.getPort())),
                            "route to a port Service " + ref.getName() + " does not expose: " + ref.getPort());
                });
                for (HTTPRouteMatch match : rule.getMatches()) {
                    String service = rule.getBackendRefs().get(0).getName();
                    assertEquals(null, routed.put(match.getPath().getValue(), service), "prefix routed twice");
                }
            }
        }
        ApiRoutes table = ApiRoutes.load();
        Map<String, String> expected = table.routes().stream().collect(Collectors.toMap(ApiRoutes.Route::prefix, ApiRoutes.Route::service));
        assertEquals(new java.util.TreeMap<>(expected), new java.util.TreeMap<>(routed),
                "the HTTPRoutes must mirror deploy/infra/src/main/resources/clipizy/routes.json");
        routed.keySet().forEach(prefix -> table.blocked().forEach(b -> assertFalse(prefix.startsWith(b), "blocked prefix routed: " + prefix)));
    }

    @Test
    void everyTopicTheServicesUseHasAKafkaTopic() throws IOException {
        Set<String> declared = custom("KafkaTopic").stream()
                .map(t -> String.valueOf(((Map<?, ?>) t.getAdditionalProperties().get("spec")).get("topicName")))
                .collect(Collectors.toSet());
        Set<String> used = new TreeSet<>();
        KafkaTopics.TOPICS.forEach(t -> {
            used.add(t);
            used.add(t + ".dlq");
        });
        for (String service : SERVICES) {
            properties(service).forEach((key, value) -> {
                String k = key.toString();
                if (k.startsWith("mp.messaging.") && k.endsWith(".topic") && !k.startsWith("mp.messaging.outgoing.clipizy-outbox.")) {
                    used.add(value.toString());
                }
            });
        }
        used.forEach(t -> assertTrue(declared.contains(t), "no KafkaTopic for " + t));
    }

    /**
     * A setting whose default points at localhost (a peer's URL, the broker, the identity provider, the database host)
     * works on a laptop and nowhere else: each must be provided to the pod, by its ConfigMap, its env or a Secret.
     */
    @Test
    void everySettingThatDefaultsToLocalhostIsProvidedToThePod() throws IOException {
        Properties kit = load(REPO.resolve("shared-contracts/service-kit/src/main/resources/META-INF/microprofile-config.properties"));
        for (String service : SERVICES) {
            Set<String> provided = provided(deployment(service));
            Properties props = new Properties();
            props.putAll(kit);
            props.putAll(properties(service));
            for (String key : props.stringPropertyNames()) {
                if (key.startsWith("%dev.") || key.startsWith("%test.") || key.contains("otlp")) {
                    continue;
                }
                String value = props.getProperty(key);
                if (!value.contains("localhost") && !value.contains("127.0.0.1")) {
                    continue;
                }
                Set<String> candidates = new HashSet<>();
                Matcher m = Pattern.compile("\\$\\{([^:}]+):([^}]*)}").matcher(value);
                boolean viaPlaceholder = false;
                while (m.find()) {
                    if (m.group(2).contains("localhost") || m.group(2).contains("127.0.0.1")) {
                        candidates.add(envName(m.group(1)));
                        viaPlaceholder = true;
                    }
                }
                if (!viaPlaceholder) {
                    candidates.add(envName(key.replaceFirst("^%prod\\.", "")));
                }
                assertTrue(candidates.stream().anyMatch(provided::contains),
                        service + ": " + key + "=" + value + " needs one of " + candidates + " in its pod; it has " + new TreeSet<>(provided));
            }
        }
    }

    @Test
    void secretsAndConfigMapsReferencedByPodsExistOrAreDocumentedAsExternal() {
        Set<String> configMaps = all(ConfigMap.class).stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
        for (Deployment d : all(Deployment.class)) {
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            for (EnvFromSource from : c.getEnvFrom()) {
                if (from.getConfigMapRef() != null) {
                    assertTrue(configMaps.contains(from.getConfigMapRef().getName()), "missing ConfigMap " + from.getConfigMapRef().getName());
                }
            }
            for (EnvVar env : c.getEnv()) {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    String secret = env.getValueFrom().getSecretKeyRef().getName();
                    assertTrue(EXTERNAL_SECRET.matcher(secret).matches(), "undocumented Secret " + secret);
                }
            }
        }
    }

    @Test
    void eachServiceHasItsDatabaseRoleAndKeycloakClientWithTheServiceRole() throws IOException {
        GenericKubernetesResource cluster = custom("Cluster").get(0);
        String clusterYaml = Serialization.asYaml(cluster);
        Set<String> databases = custom("Database").stream()
                .map(db -> String.valueOf(((Map<?, ?>) db.getAdditionalProperties().get("spec")).get("name")))
                .collect(Collectors.toSet());
        String realm = Serialization.asYaml(custom("KeycloakRealmImport").get(0));
        for (String service : SERVICES) {
            String db = properties(service).getProperty("clipizy.db.name");
            assertNotNull(db, service + " names no database");
            assertTrue(databases.contains(db), "no Database " + db);
            assertTrue(clusterYaml.contains("name: \"" + db + "\"") || clusterYaml.contains("name: " + db), "no managed role " + db);
            ConfigMap config = all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(service + "-config"))
                    .findFirst().orElseThrow();
            assertEquals(db, config.getData().get("CLIPIZY_DB_NAME"), service);
            assertEquals(service, config.getData().get("QUARKUS_OIDC_CLIENT_ID"), service);
            assertTrue(realm.contains("clientId: \"" + service + "\"") || realm.contains("clientId: " + service), "no client " + service);
            assertTrue(realm.contains("service-account-" + service), "no service account roles for " + service);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void overlaysPatchOnlyWhatTheBaseHasAndRetagItsImages() throws IOException {
        Set<String> kinds = ALL.stream().map(HasMetadata::getKind).collect(Collectors.toSet());
        Set<String> names = ALL.stream().map(r -> r.getKind() + "/" + r.getMetadata().getName()).collect(Collectors.toSet());
        Set<String> images = all(Deployment.class).stream()
                .map(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().replaceFirst(":[^:/]+$", ""))
                .collect(Collectors.toSet());
        for (String overlay : List.of("dev", "prod")) {
            Path dir = MODULE.resolve("overlays").resolve(overlay);
            Map<String, Object> k = Serialization.unmarshal(Files.readString(dir.resolve("kustomization.yaml")), Map.class);
            assertEquals(List.of("../../base"), k.get("resources"), overlay);
            for (Map<String, Object> patch : (List<Map<String, Object>>) k.get("patches")) {
                Map<String, Object> target = (Map<String, Object>) patch.get("target");
                String kind = (String) target.get("kind");
                assertTrue(kinds.contains(kind), overlay + " patches a kind the base lacks: " + kind);
                if (target.get("name") != null) {
                    assertTrue(names.contains(kind + "/" + target.get("name")), overlay + " patches a missing " + kind + "/" + target.get("name"));
                }
            }
            Set<String> retagged = ((List<Map<String, Object>>) k.get("images")).stream().map(i -> (String) i.get("name"))
                    .collect(Collectors.toSet());
            assertEquals(images, retagged, overlay + " must retag every service image");
        }
    }

    private static Set<String> provided(Deployment d) {
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        Set<String> names = c.getEnv().stream().map(EnvVar::getName).collect(Collectors.toCollection(HashSet::new));
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                all(ConfigMap.class).stream().filter(cm -> cm.getMetadata().getName().equals(from.getConfigMapRef().getName()))
                        .forEach(cm -> names.addAll(cm.getData().keySet()));
            }
        }
        return names;
    }

    /** MicroProfile Config's environment variable name for a property: non-alphanumerics to '_', upper case. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Properties properties(String service) throws IOException {
        return load(REPO.resolve(service).resolve("src/main/resources/application.properties"));
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }
}

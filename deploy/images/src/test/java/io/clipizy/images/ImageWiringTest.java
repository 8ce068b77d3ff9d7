package io.clipizy.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The images the build makes (root pom, profile {@code images}) are the ones the Kubernetes manifests run: same name
 * and tag, same port, same non-root user, a writable /tmp volume (the image's root file system is read-only there),
 * and FFmpeg in exactly the images of the services whose code runs it. Cheap enough for the default build; the images
 * themselves are checked for real by {@code deploy/images/verify-image.sh}.
 */
class ImageWiringTest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent().getParent();
    private static final List<String> SERVICES = List.of("chat-service", "workflow-service", "generation-gateway",
            "media-service", "billing-service", "event-hub-service");
    private static final String REGISTRY = System.getProperty("clipizy.image.registry");
    private static final String TAG = System.getProperty("clipizy.image.tag");
    private static final long USER = Long.parseLong(System.getProperty("clipizy.image.user"));
    private static final int PORT = Integer.parseInt(System.getProperty("clipizy.image.port"));

    @Test
    void manifestsRunTheImagesTheBuildMakes() throws IOException {
        for (String service : SERVICES) {
            Deployment deployment = deployment(service);
            List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
            assertEquals(1, containers.size(), service);
            Container container = containers.get(0);
            assertEquals(REGISTRY + "/" + service + ":" + TAG, container.getImage(), service + ": image reference");
            assertTrue(container.getPorts().stream().map(ContainerPort::getContainerPort).anyMatch(p -> p == PORT),
                    service + ": the image listens on " + PORT);
            assertEquals(USER, deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser(),
                    service + ": runs as the image's user");
            assertTrue(container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")),
                    service + ": a writable /tmp (the image's /tmp is on a read-only root file system)");
        }
    }

    @Test
    void everyServiceBuildsAnImageAndFfmpegIsWhereItIsUsed() throws IOException {
        for (String service : SERVICES) {
            String pom = Files.readString(REPO.resolve(service).resolve("pom.xml"));
            assertTrue(pom.contains("<artifactId>jib-maven-plugin</artifactId>"), service + ": declares jib-maven-plugin");
            int quarkus = pom.indexOf("<artifactId>quarkus-maven-plugin</artifactId>");
            assertTrue(quarkus >= 0 && quarkus < pom.indexOf("<artifactId>jib-maven-plugin</artifactId>"),
                    service + ": Jib comes after Quarkus (it packages the fast-jar Quarkus builds in the same phase)");
            boolean runsFfmpeg = usesFfmpeg(REPO.resolve(service).resolve("src/main"));
            boolean hasFfmpeg = pom.contains("<clipizy.image.tools>ffmpeg</clipizy.image.tools>");
            assertEquals(runsFfmpeg, hasFfmpeg, service + ": FFmpeg in the image exactly when the code runs it");
            assertEquals(runsFfmpeg, pom.contains("<CLIPIZY_FFMPEG_PATH>/opt/ffmpeg/ffmpeg</CLIPIZY_FFMPEG_PATH>")
                    && pom.contains("<CLIPIZY_FFPROBE_PATH>/opt/ffmpeg/ffprobe</CLIPIZY_FFPROBE_PATH>"),
                    service + ": CLIPIZY_FFMPEG_PATH / CLIPIZY_FFPROBE_PATH point at the image's FFmpeg");
        }
    }

    @Test
    void overlaysRetagOnlyTheseImages() throws IOException {
        Pattern name = Pattern.compile("name:\\s*([^,}\\s]+)\\s*,\\s*newTag");
        try (Stream<Path> overlays = Files.list(REPO.resolve("deploy/k8s/overlays"))) {
            for (Path overlay : overlays.toList()) {
                Matcher m = name.matcher(Files.readString(overlay.resolve("kustomization.yaml")));
                List<String> retagged = new ArrayList<>();
                while (m.find()) {
                    retagged.add(m.group(1));
                }
                assertFalse(retagged.isEmpty(), overlay + ": sets image tags");
                for (String image : retagged) {
                    assertTrue(SERVICES.stream().anyMatch(s -> image.equals(REGISTRY + "/" + s)), overlay + ": " + image);
                }
            }
        }
    }

    private static Deployment deployment(String service) throws IOException {
        Path file = REPO.resolve("deploy/k8s/base/services").resolve(service + ".yaml");
        for (String doc : Files.readString(file).split("(?m)^---\\s*$")) {
            if (doc.contains("kind: Deployment")) {
                Object parsed = Serialization.unmarshal(doc);
                assertTrue(parsed instanceof Deployment, file.toString());
                return (Deployment) parsed;
            }
        }
        throw new AssertionError(file + " has no Deployment");
    }

    private static boolean usesFfmpeg(Path sources) throws IOException {
        assertNotNull(sources);
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(Files::isRegularFile).anyMatch(f -> {
                try {
                    return Files.readString(f).contains("clipizy.ffmpeg.path");
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }
}

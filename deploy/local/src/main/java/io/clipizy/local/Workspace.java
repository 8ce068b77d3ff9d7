package io.clipizy.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository checkout the stack runs from, and the folders under {@code .clipizy/} where the stack keeps its data,
 * caches and logs (ignored by git). Everything is relative to the root so several checkouts do not share state.
 */
public record Workspace(Path root) {

    /** Walks up from {@code start} to the folder holding the Maven wrapper: the repository root. */
    public static Workspace locate(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return new Workspace(dir);
            }
        }
        throw new IllegalStateException("no Clipizy checkout (a folder with mvnw and pom.xml) at or above " + start.toAbsolutePath()
                + "; run the stack from inside the repository");
    }

    public Path data() {
        return root.resolve(".clipizy");
    }

    public Path logs() {
        return data().resolve("logs");
    }

    public Path log(String component) {
        return logs().resolve(component + ".log");
    }

    public Path kafka() {
        return data().resolve("kafka");
    }

    public Path s3Data() {
        return data().resolve("s3");
    }

    public Path s3Work() {
        return data().resolve("s3proxy");
    }

    public Path keycloakHome(String version) {
        return data().resolve("keycloak-" + version);
    }

    /** A service's working directory: kept out of its module so a stray {@code config/} or {@code .env} there is not picked up. */
    public Path serviceWork(String service) {
        return data().resolve("work").resolve(service);
    }

    /** The services' class-data-sharing archives, one per service build ({@link ClassDataArchive}). */
    public Path classDataArchives() {
        return data().resolve("cds");
    }

    /** The fast-jar a service module's build produces. */
    public Path serviceJar(String module) {
        return root.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    /** The web client's built files, served by the API gateway at {@code /} when present. */
    public Path webRoot() {
        return root.resolve("deploy").resolve("web").resolve("target").resolve("dist");
    }

    /** A path as printed to the user: relative to the root when inside it. */
    public String show(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }
}

package io.clipizy.local;

import java.util.List;

/**
 * The services of the suite: the one list the launcher, the Keycloak realm (one confidential client each) and the
 * database setup read. Adding a service here gives it a client, a database and a process.
 */
public final class Services {
    public static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("chat-service", 8081, "clipizy_chat", false),
            new ServiceSpec("workflow-service", 8082, "clipizy_workflow", false),
            new ServiceSpec("generation-gateway", 8083, "clipizy_gateway", false),
            new ServiceSpec("media-service", 8084, "clipizy_media", true),
            new ServiceSpec("billing-service", 8085, "clipizy_billing", false),
            new ServiceSpec("event-hub-service", 8086, "clipizy_eventhub", false));

    private Services() {
    }
}

package io.clipizy.billing.api;

/** Roles of the suite's own services, carried by their client-credentials tokens. */
public final class ServiceRoles {
    /** A Clipizy service calling on behalf of a user it has already authenticated (generation-gateway). */
    public static final String SERVICE = "service";

    private ServiceRoles() {
    }
}

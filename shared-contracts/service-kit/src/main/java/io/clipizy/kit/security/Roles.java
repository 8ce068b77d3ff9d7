package io.clipizy.kit.security;

/** The realm roles of Clipizy. */
public final class Roles {
    public static final String USER = "user";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}

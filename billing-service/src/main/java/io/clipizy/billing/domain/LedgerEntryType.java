package io.clipizy.billing.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Why a ledger entry changed a balance; the wire value is what the API and the database store. */
public enum LedgerEntryType {
    WELCOME_BONUS("welcome_bonus"),
    PURCHASED("purchased"),
    SUBSCRIPTION_GRANT("subscription_grant"),
    RESERVED("reserved"),
    CAPTURED("captured"),
    RELEASED("released"),
    REFUNDED("refunded"),
    ADMIN_ADJUSTMENT("admin_adjustment");

    private final String wire;

    LedgerEntryType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The type with this wire value, if any: callers turn an unknown value into a 400 naming their own field. */
    public static Optional<LedgerEntryType> find(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }

    public static LedgerEntryType fromWire(String value) {
        return find(value).orElseThrow(() -> new IllegalStateException("unknown ledger entry type '" + value + "'"));
    }

    public static List<String> wireValues() {
        return Arrays.stream(values()).map(LedgerEntryType::wire).toList();
    }
}

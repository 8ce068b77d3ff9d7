package io.clipizy.contracts.media;

import io.clipizy.contracts.ContractViolationException;
import java.util.function.Function;

/** Looks up an enum constant by its JSON value; an unknown value is a contract violation the codec names. */
final class Wire {
    private Wire() {
    }

    static <E extends Enum<E>> E find(E[] values, Function<E, String> wire, String value, String what) {
        for (E candidate : values) {
            if (wire.apply(candidate).equals(value)) {
                return candidate;
            }
        }
        throw new ContractViolationException(null, "unknown " + what + " '" + value + "'");
    }
}

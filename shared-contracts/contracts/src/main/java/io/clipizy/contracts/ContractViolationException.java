package io.clipizy.contracts;

/** A record that breaks its contract: a required field missing, a value out of range, unreadable JSON. */
public class ContractViolationException extends RuntimeException {
    private final String field;

    public ContractViolationException(String field, String message) {
        super(message);
        this.field = field;
    }

    public ContractViolationException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The offending field's JSON name, or null when the violation is not about one field. */
    public String field() {
        return field;
    }
}

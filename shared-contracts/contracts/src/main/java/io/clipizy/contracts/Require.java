package io.clipizy.contracts;

/** Argument checks for the records' compact constructors; each failure names the field. */
public final class Require {
    private Require() {
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new ContractViolationException(field, "missing required field '" + field + "'");
        }
        return value;
    }

    public static String text(String value, String field) {
        present(value, field);
        if (value.isBlank()) {
            throw new ContractViolationException(field, "field '" + field + "' must not be blank");
        }
        return value;
    }

    public static int positive(int value, String field) {
        if (value < 1) {
            throw new ContractViolationException(field, "field '" + field + "' must be at least 1, was " + value);
        }
        return value;
    }

    public static double fraction(double value, String field) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new ContractViolationException(field, "field '" + field + "' must be between 0 and 1, was " + value);
        }
        return value;
    }

    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new ContractViolationException(field, "field '" + field + "' must not be negative, was " + value);
        }
        return value;
    }

    /** A present number at or above {@code minimum} (NaN is refused). */
    public static <T extends Number> T atLeast(T value, double minimum, String field) {
        present(value, field);
        if (!(value.doubleValue() >= minimum)) {
            throw new ContractViolationException(field,
                    "field '" + field + "' must be at least " + minimum + ", was " + value);
        }
        return value;
    }

    /** A present number strictly above {@code bound} (NaN is refused). */
    public static <T extends Number> T above(T value, double bound, String field) {
        present(value, field);
        if (!(value.doubleValue() > bound)) {
            throw new ContractViolationException(field,
                    "field '" + field + "' must be greater than " + bound + ", was " + value);
        }
        return value;
    }

    /** A present number within {@code [minimum, maximum]} (NaN is refused). */
    public static <T extends Number> T between(T value, double minimum, double maximum, String field) {
        present(value, field);
        if (!(value.doubleValue() >= minimum && value.doubleValue() <= maximum)) {
            throw new ContractViolationException(field,
                    "field '" + field + "' must be between " + minimum + " and " + maximum + ", was " + value);
        }
        return value;
    }

    /** Checks an optional number only when it is present. */
    public static <T extends Number> T optionalBetween(T value, double minimum, double maximum, String field) {
        return value == null ? null : between(value, minimum, maximum, field);
    }

    /** Checks an optional text only when it is present: it must not be blank. */
    public static String optionalText(String value, String field) {
        return value == null ? null : text(value, field);
    }

    /** Checks that the record's type discriminator is the expected one (or fills it in when absent). */
    public static String type(String value, String expected) {
        if (value == null) {
            return expected;
        }
        if (!value.equals(expected)) {
            throw new ContractViolationException("type", "field 'type' must be '" + expected + "', was '" + value + "'");
        }
        return value;
    }
}

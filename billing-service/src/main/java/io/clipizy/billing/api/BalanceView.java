package io.clipizy.billing.api;

/** A user's balance as the API shows it. */
public record BalanceView(long balance, String currency) {
    public static final String CREDITS = "credits";

    public static BalanceView credits(long balance) {
        return new BalanceView(balance, CREDITS);
    }
}

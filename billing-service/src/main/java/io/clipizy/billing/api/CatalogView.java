package io.clipizy.billing.api;

import io.clipizy.billing.config.StripeConfig;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** What is on sale: credit packs and monthly plans, cheapest first. */
public record CatalogView(List<Offer> packs, List<Offer> plans) {

    /** One pack or plan: its name, its credits and its price. */
    public record Offer(String name, long credits, BigDecimal priceUsd) {
    }

    public static CatalogView of(StripeConfig config) {
        return new CatalogView(offers(config.packs()), offers(config.plans()));
    }

    private static List<Offer> offers(Map<String, StripeConfig.Product> products) {
        return products.entrySet().stream()
                .map(e -> new Offer(e.getKey(), e.getValue().credits(), e.getValue().priceUsd()))
                .sorted(Comparator.comparing(Offer::priceUsd))
                .toList();
    }
}

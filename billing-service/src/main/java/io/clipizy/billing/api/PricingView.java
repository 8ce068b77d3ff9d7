package io.clipizy.billing.api;

import io.clipizy.billing.config.PricingConfig;
import io.clipizy.billing.domain.Estimator;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The pricing table as the API shows it: every price in credits, and what one credit is worth. */
public record PricingView(String version, BigDecimal creditUsd, long musicTrack, UnitAndMinute image,
                          UnitAndMinute loopedAnimation, RecurringScenes recurringScenes, long videoPerMinute,
                          long visualizer, Map<String, Double> resolutionMultiplier, long minimumCharge,
                          Map<String, TaskPrice> tasks, List<String> workflows) {

    /** A price per generated unit plus a price per minute of video. */
    public record UnitAndMinute(long perUnit, long perMinute) {
    }

    /** Per scene plus per minute; without a scene count, one scene per {@code secondsPerScene}. */
    public record RecurringScenes(long perScene, long perMinute, int secondsPerScene) {
    }

    /** What one task of a kind reserves: credits per item or per minute, and at least {@code minimum}. */
    public record TaskPrice(long credits, String per, long minimum) {
    }

    public static PricingView of(PricingConfig p) {
        Map<String, TaskPrice> tasks = new TreeMap<>();
        p.tasks().forEach((kind, price) -> tasks.put(kind,
                new TaskPrice(price.credits(), price.per().name().toLowerCase(), price.minimum())));
        return new PricingView(p.version(), p.creditUsd(), p.musicTrack(),
                new UnitAndMinute(p.image().perUnit(), p.image().perMinute()),
                new UnitAndMinute(p.loopedAnimation().perUnit(), p.loopedAnimation().perMinute()),
                new RecurringScenes(p.recurringScenes().perScene(), p.recurringScenes().perMinute(),
                        p.recurringScenes().secondsPerScene()),
                p.videoPerMinute(), p.visualizer(), new TreeMap<>(p.resolutionMultiplier()), p.minimumCharge(), tasks,
                Estimator.workflowIds().stream().sorted().toList());
    }
}

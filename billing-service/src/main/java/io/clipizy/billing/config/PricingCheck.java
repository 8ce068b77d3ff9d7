package io.clipizy.billing.config;

import io.clipizy.contracts.event.TaskKind;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;

/** Refuses to start with a pricing table that leaves a task kind unpriced: a reservation must never fail on config. */
@ApplicationScoped
public class PricingCheck {
    @Inject
    PricingConfig pricing;

    void onStart(@Observes StartupEvent event) {
        List<String> missing = Arrays.stream(TaskKind.values()).map(TaskKind::wire)
                .filter(kind -> !pricing.tasks().containsKey(kind)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("clipizy.billing.pricing.tasks has no price for " + missing);
        }
    }
}

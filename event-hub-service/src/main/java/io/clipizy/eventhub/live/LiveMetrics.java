package io.clipizy.eventhub.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live feed's meters at /q/metrics: open connections and subscriptions (gauges), frames delivered (a counter, so
 * deliveries/s is its rate), connections dropped by reason, and resume gaps reported. Kafka consumer lag is exported
 * by the Kafka client's own meters ({@code kafka_consumer_fetch_manager_records_lag*}).
 */
@ApplicationScoped
public class LiveMetrics {
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger subscriptions = new AtomicInteger();

    @Inject
    MeterRegistry registry;

    private Counter deliveries;
    private Counter gaps;

    @PostConstruct
    void register() {
        registry.gauge("eventhub.connections", connections);
        registry.gauge("eventhub.subscriptions", subscriptions);
        deliveries = Counter.builder("eventhub.deliveries").description("Event frames written to live connections")
                .register(registry);
        gaps = Counter.builder("eventhub.resume.gaps").description("Resumes that could not be recovered from the replay window")
                .register(registry);
    }

    public void connections(int delta) {
        connections.addAndGet(delta);
    }

    public void subscriptions(int delta) {
        subscriptions.addAndGet(delta);
    }

    public void delivered() {
        deliveries.increment();
    }

    public void gap() {
        gaps.increment();
    }

    /** A connection closed by the hub (or refused): slow-consumer, token-expired, idle, too-many-connections, ... */
    public void dropped(String reason) {
        registry.counter("eventhub.drops", "reason", reason).increment();
    }

    public int openConnections() {
        return connections.get();
    }
}

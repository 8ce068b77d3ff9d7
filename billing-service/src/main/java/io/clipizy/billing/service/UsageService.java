package io.clipizy.billing.service;

import io.clipizy.billing.domain.Usage;
import io.clipizy.billing.persistence.UsageRepository;
import io.clipizy.kit.outbox.UnitOfWork;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The dashboard's usage analytics for one user. */
@ApplicationScoped
public class UsageService {
    @Inject
    UsageRepository usage;

    @Inject
    UnitOfWork unitOfWork;

    /** Usage over the last {@code days} UTC days, today included. */
    public Uni<Usage> lastDays(String ownerId, int days) {
        Instant since = LocalDate.now(ZoneOffset.UTC).minusDays(days - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
        return unitOfWork.read(c -> usage.dailySpend(c, ownerId, since)
                .chain(daily -> usage.tasks(c, ownerId, since)
                        .chain(tasks -> usage.minutesRendered(c, ownerId, since)
                                .map(minutes -> new Usage(days, since,
                                        daily.stream().mapToLong(Usage.Daily::credits).sum(), daily, tasks,
                                        tasks.successRate(), minutes)))));
    }
}

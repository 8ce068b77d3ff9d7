package io.clipizy.billing.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A user's usage over a window, for the dashboard: what they spent, on what, and how their tasks went. */
public record Usage(int days, Instant since, long creditsSpent, List<Daily> daily, Tasks tasks, Double successRate,
                    double minutesRendered) {

    /** Credits charged for one task kind on one UTC day. */
    public record Daily(LocalDate day, String kind, long credits) {
    }

    /** Tasks started in the window, by how they ended (or not yet). */
    public record Tasks(long run, long succeeded, long failed, long cancelled, long active) {
        /** Succeeded over finished; null while no task has finished, since there is no rate to show yet. */
        public Double successRate() {
            long finished = succeeded + failed + cancelled;
            return finished == 0 ? null : (double) succeeded / finished;
        }
    }
}

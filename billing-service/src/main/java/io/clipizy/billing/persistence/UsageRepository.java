package io.clipizy.billing.persistence;

import io.clipizy.billing.domain.Usage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Usage analytics over a user's charged reservations and task states. */
@ApplicationScoped
public class UsageRepository {

    /** Credits charged per UTC day and task kind since {@code since}, oldest day first. */
    public Uni<List<Usage.Daily>> dailySpend(SqlClient client, String ownerId, Instant since) {
        return client.preparedQuery("SELECT (settled_at AT TIME ZONE 'UTC')::date AS day, kind, sum(charged) AS credits "
                        + "FROM credit_reservation WHERE owner_id = $1 AND status = 'CAPTURED' AND settled_at >= $2 "
                        + "GROUP BY day, kind ORDER BY day, kind")
                .execute(Tuple.of(ownerId, since.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<Usage.Daily> daily = new ArrayList<>(rows.rowCount());
                    rows.forEach(r -> daily.add(new Usage.Daily(r.getLocalDate("day"), r.getString("kind"), r.getLong("credits"))));
                    return daily;
                });
    }

    /** Tasks first seen since {@code since}, by their latest state. */
    public Uni<Usage.Tasks> tasks(SqlClient client, String ownerId, Instant since) {
        return client.preparedQuery("SELECT count(*) AS run, "
                        + "count(*) FILTER (WHERE status = 'SUCCEEDED') AS succeeded, "
                        + "count(*) FILTER (WHERE status = 'FAILED') AS failed, "
                        + "count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled "
                        + "FROM task_usage WHERE owner_id = $1 AND created_at >= $2")
                .execute(Tuple.of(ownerId, since.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    long run = r.getLong("run");
                    long succeeded = r.getLong("succeeded");
                    long failed = r.getLong("failed");
                    long cancelled = r.getLong("cancelled");
                    return new Usage.Tasks(run, succeeded, failed, cancelled, run - succeeded - failed - cancelled);
                });
    }

    /** Minutes of video composed (rendered) and charged since {@code since}. */
    public Uni<Double> minutesRendered(SqlClient client, String ownerId, Instant since) {
        return client.preparedQuery("SELECT COALESCE(sum(settled_quantity), 0) / 60.0 AS minutes FROM credit_reservation "
                        + "WHERE owner_id = $1 AND status = 'CAPTURED' AND kind = 'video_composition' AND settled_at >= $2")
                .execute(Tuple.of(ownerId, since.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getNumeric("minutes").doubleValue());
    }
}

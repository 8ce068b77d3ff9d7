package io.clipizy.chat.persistence;

import io.clipizy.kit.persistence.Rows;
import io.clipizy.chat.domain.Project;
import io.clipizy.chat.domain.ProjectType;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.kit.web.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Projects in PostgreSQL; deleted projects are invisible to every read. */
@ApplicationScoped
public class ProjectRepository {
    /**
     * A project's status comes from its chats' runs: a run waiting for the person makes it {@code needs_input}, a run
     * going {@code in_progress}; otherwise the latest finished run says {@code completed} or {@code failed} (a
     * cancelled run changes nothing), and a project with neither is a {@code draft}.
     */
    private static final String STATUS = "COALESCE("
            + "(SELECT CASE WHEN bool_or(c.run_status = 'waiting_input') THEN 'needs_input' "
            + "WHEN bool_or(c.run_status = 'running') THEN 'in_progress' END FROM chat c WHERE c.project_id = project.id), "
            + "(SELECT CASE c.run_status WHEN 'succeeded' THEN 'completed' ELSE 'failed' END FROM chat c "
            + "WHERE c.project_id = project.id AND c.run_status IN ('succeeded', 'failed') ORDER BY c.run_event_at DESC LIMIT 1), "
            + "'draft') AS status";
    private static final String COLUMNS = "id, owner_id, type, name, description, settings::text AS settings, " + STATUS
            + ", cover_media_id, created_at, updated_at";

    public Uni<Project> insert(SqlClient c, Project p) {
        return c.preparedQuery("INSERT INTO project (id, owner_id, type, name, description, settings) "
                        + "VALUES ($1, $2, $3, $4, $5, $6::text::jsonb) RETURNING " + COLUMNS)
                .execute(Tuple.of(p.id(), p.ownerId(), p.type().wire(), p.name(), p.description(), JsonCodec.encode(p.settings())))
                .map(rs -> Rows.first(rs, ProjectRepository::map));
    }

    public Uni<Project> find(SqlClient c, UUID id, String ownerId) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM project WHERE id = $1 AND owner_id = $2 AND deleted_at IS NULL")
                .execute(Tuple.of(id, ownerId)).map(rs -> Rows.first(rs, ProjectRepository::map));
    }

    /** The owner's projects, newest first; {@code search} matches name or description, case-insensitively. */
    public Uni<Page<Project>> list(SqlClient c, String ownerId, ProjectType type, String search, int page, int size) {
        String where = "owner_id = $1 AND deleted_at IS NULL AND ($2::text IS NULL OR type = $2) "
                + "AND ($3::text IS NULL OR name ILIKE '%' || $3 || '%' OR description ILIKE '%' || $3 || '%')";
        Object[] args = {ownerId, type == null ? null : type.wire(), search == null ? null : escapeLike(search)};
        Uni<java.util.List<Project>> items = c.preparedQuery("SELECT " + COLUMNS + " FROM project WHERE " + where
                        + " ORDER BY created_at DESC, id LIMIT $4 OFFSET $5")
                .execute(Tuple.from(args).addInteger(size).addLong((long) page * size))
                .map(rs -> Rows.all(rs, ProjectRepository::map));
        Uni<Long> total = c.preparedQuery("SELECT count(*) FROM project WHERE " + where).execute(Tuple.from(args)).map(Rows::count);
        return Uni.combine().all().unis(items, total).with((list, n) -> new Page<>(list, page, size, n));
    }

    public Uni<Project> update(SqlClient c, Project p) {
        return c.preparedQuery("UPDATE project SET name = $3, description = $4, settings = $5::text::jsonb, updated_at = now() "
                        + "WHERE id = $1 AND owner_id = $2 AND deleted_at IS NULL RETURNING " + COLUMNS)
                .execute(Tuple.of(p.id(), p.ownerId(), p.name(), p.description(), JsonCodec.encode(p.settings())))
                .map(rs -> Rows.first(rs, ProjectRepository::map));
    }

    /**
     * Makes the asset the project's cover when it is newer than the current one; answers whether it did (the project
     * must be the owner's and not deleted).
     */
    public Uni<Boolean> offerCover(SqlClient c, UUID id, String ownerId, UUID mediaId, java.time.Instant at) {
        return c.preparedQuery("UPDATE project SET cover_media_id = $3, cover_at = $4 WHERE id = $1 AND owner_id = $2 "
                        + "AND deleted_at IS NULL AND (cover_at IS NULL OR cover_at <= $4)")
                .execute(Tuple.of(id, ownerId, mediaId, at.atOffset(java.time.ZoneOffset.UTC))).map(rs -> rs.rowCount() == 1);
    }

    /** Forgets a deleted asset as the project's cover (the next stored image becomes the cover). */
    public Uni<Void> dropCover(SqlClient c, UUID id, String ownerId, UUID mediaId) {
        return c.preparedQuery("UPDATE project SET cover_media_id = NULL WHERE id = $1 AND owner_id = $2 AND cover_media_id = $3")
                .execute(Tuple.of(id, ownerId, mediaId)).replaceWithVoid();
    }

    /** Marks the project deleted; answers whether it was there to delete. */
    public Uni<Boolean> softDelete(SqlClient c, UUID id, String ownerId) {
        return c.preparedQuery("UPDATE project SET deleted_at = now() WHERE id = $1 AND owner_id = $2 AND deleted_at IS NULL")
                .execute(Tuple.of(id, ownerId)).map(rs -> rs.rowCount() == 1);
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static Project map(Row r) {
        return new Project(r.getUUID("id"), r.getString("owner_id"), ProjectType.fromString(r.getString("type")),
                r.getString("name"), r.getString("description"), Rows.json(r, "settings"), r.getString("status"),
                r.getUUID("cover_media_id"), Rows.instant(r, "created_at"), Rows.instant(r, "updated_at"));
    }
}

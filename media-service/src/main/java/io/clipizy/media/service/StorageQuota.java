package io.clipizy.media.service;

import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.web.ProblemException;
import io.clipizy.media.config.MediaConfig;
import io.clipizy.media.persistence.MediaAssetRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The per-user storage quota ({@code clipizy.media.quota}): a user's READY assets and awaited uploads together may not
 * exceed it; a request that would go beyond answers 413 naming the field that carried the size.
 */
@ApplicationScoped
public class StorageQuota {
    private final MediaAssetRepository assets;
    private final long quota;

    public StorageQuota(MediaAssetRepository assets, MediaConfig config) {
        this.assets = assets;
        this.quota = config.quota().asLongValue();
    }

    /** The bytes the owner has in use against the quota now: READY assets and direct uploads awaited. */
    public Uni<Long> used(SqlClient client, String ownerId) {
        return assets.usage(client, ownerId);
    }

    /** The quota itself, in bytes. */
    public long quota() {
        return quota;
    }

    /** Fails when {@code bytes} more would not fit; an early answer, before any byte is sent anywhere. */
    public Uni<Void> check(SqlClient client, String ownerId, long bytes, String field) {
        return assets.usage(client, ownerId).invoke(used -> requireRoom(used, bytes, field)).replaceWithVoid();
    }

    /**
     * In the transaction that records the new bytes: locks the owner's quota, then checks it, so that concurrent uploads
     * cannot each see the same free space.
     */
    public Uni<Void> reserve(SqlConnection tx, String ownerId, long bytes, String field) {
        return assets.lockOwner(tx, ownerId).chain(() -> check(tx, ownerId, bytes, field));
    }

    private void requireRoom(long used, long bytes, String field) {
        if (used + bytes > quota) {
            throw exceeded(used, bytes, field);
        }
    }

    /** The 413 answer for {@code bytes} more (at least) on top of {@code used}. */
    public ProblemException exceeded(long used, long bytes, String field) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "Storing " + bytes + " more bytes would exceed "
                + "your storage quota of " + quota + " bytes (" + used + " in use); delete some media first",
                List.of(new Problem.FieldViolation(field, "exceeds the storage quota")));
    }
}

package io.backupcenter.vault.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Queries on the recovery-point catalog. */
@ApplicationScoped
public class RecoveryPointRepository implements PanacheRepositoryBase<RecoveryPoint, String> {

    /** The item's recovery points, newest first. */
    /** Up to {@code limit} points of every item, by id, after {@code after} (null: from the first). */
    public Uni<List<RecoveryPoint>> page(String after, int limit) {
        return (after == null ? find("order by id") : find("id > ?1 order by id", after)).page(0, limit).list();
    }

    public Uni<List<RecoveryPoint>> ofItem(String protectedItemId) {
        return list("protectedItemId", Sort.descending("time").and("id"), protectedItemId);
    }

    /** The time of the item's newest recovery point, or null when it has none. */
    public Uni<Instant> latestTime(String protectedItemId) {
        return find("protectedItemId", Sort.descending("time"), protectedItemId).firstResult()
                .map(point -> point == null ? null : point.time);
    }

    /** Removes every recovery point of the item from the catalog. */
    public Uni<Long> deleteOfItem(String protectedItemId) {
        return delete("protectedItemId", protectedItemId);
    }
}

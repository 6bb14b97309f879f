package io.backupcenter.vault.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Expiry dates of recovery points. */
@ApplicationScoped
public class RecoveryPointRetentionRepository implements PanacheRepositoryBase<RecoveryPointRetention, String> {

    /** Forgets the dates of the item's points. */
    public Uni<Long> deleteOfItem(String itemId) {
        return delete("recoveryPointId in (select p.id from RecoveryPoint p where p.protectedItemId = ?1)", itemId);
    }

    /** The dates of these points, by point id (points without dates are absent). */
    public Uni<Map<String, RecoveryPointRetention>> of(Collection<String> pointIds) {
        if (pointIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return list("recoveryPointId in ?1", pointIds).map(rows -> {
            Map<String, RecoveryPointRetention> byPoint = new HashMap<>();
            rows.forEach(row -> byPoint.put(row.recoveryPointId, row));
            return byPoint;
        });
    }
}

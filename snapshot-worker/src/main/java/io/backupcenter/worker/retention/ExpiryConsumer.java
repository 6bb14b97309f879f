package io.backupcenter.worker.retention;

import io.backupcenter.contracts.backup.RecoveryPointExpired;
import io.backupcenter.contracts.backup.RpExpiredEvent;
import io.backupcenter.contracts.backup.Tier;
import io.backupcenter.kit.messaging.InboundChannel;
import io.backupcenter.kit.messaging.InboundEvents;
import io.backupcenter.kit.messaging.Rejections;
import io.backupcenter.worker.Directories;
import io.backupcenter.worker.WorkerDatabase;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletionStage;

/**
 * Deletes a recovery point's data when a tier expires ({@code rp-expired}): the snapshot tier's files at once; the
 * vault tier's chunks by the next garbage collection of the vault (which the expiry marks due), since other points
 * share them. Applying an expiry twice changes nothing more.
 */
@ApplicationScoped
@Startup
public class ExpiryConsumer {

    private static final Logger LOG = Logger.getLogger(ExpiryConsumer.class);

    private final WorkerDatabase database;
    private final InboundChannel<RpExpiredEvent> expiries;

    ExpiryConsumer(InboundEvents inbound, WorkerDatabase database) {
        this.database = database;
        this.expiries = inbound.blockingChannel("rp-expired", RpExpiredEvent.class,
                event -> apply((RecoveryPointExpired) event), Rejections.none());
    }

    @Incoming("rp-expired")
    @Blocking(value = "expiries", ordered = true)
    public CompletionStage<Void> consume(Message<String> message) {
        return expiries.handleBlocking(message);
    }

    /** Applies one expiry. Blocking. */
    public void apply(RecoveryPointExpired expiry) {
        boolean snapshot = expiry.tier() == Tier.Snapshot || expiry.tier() == Tier.All;
        boolean vault = expiry.tier() == Tier.Vault || expiry.tier() == Tier.All;
        String snapshotPath = database.retrying("expire recovery point " + expiry.recoveryPointId(), connection -> {
            String path = null;
            try (PreparedStatement query = connection.prepareStatement(
                    "select snapshot_path from recovery_point where id = ? for update")) {
                query.setString(1, expiry.recoveryPointId());
                try (ResultSet rows = query.executeQuery()) {
                    if (!rows.next()) {
                        return null;
                    }
                    path = rows.getString(1);
                }
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    update recovery_point set in_snapshot_tier = in_snapshot_tier and not ?,
                                              in_vault_tier = in_vault_tier and not ?
                    where id = ?""");
                 PreparedStatement due = connection.prepareStatement("""
                         insert into vault_gc (vault_id, due_since) values (?, now())
                         on conflict (vault_id) do nothing""")) {
                update.setBoolean(1, snapshot);
                update.setBoolean(2, vault);
                update.setString(3, expiry.recoveryPointId());
                update.executeUpdate();
                due.setString(1, expiry.vaultId());
                due.executeUpdate();
            }
            return path;
        });
        if (snapshot && snapshotPath != null) {
            Directories.delete(Path.of(snapshotPath));
        }
    }
}

package io.backupcenter.policy.schedule;

import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupRequestedEvent;
import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.kit.outbox.Outbox;
import io.backupcenter.policy.item.ItemState;
import io.backupcenter.policy.item.ProtectedItem;
import io.backupcenter.policy.item.ProtectedItemRepository;
import io.backupcenter.policy.policy.Policy;
import io.backupcenter.policy.policy.PolicyRepository;
import io.backupcenter.policy.vault.Vault;
import io.backupcenter.policy.vault.VaultRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Fires scheduled backups: each active item whose next run has come gets one {@code backup-requested}, for its
 * latest due run (after downtime, a missed run fires once, not once per missed slot), and its next run moves past
 * now. The job id is derived from the item and the run, so the same run can never make two jobs.
 */
@ApplicationScoped
public class ScheduleService {

    private static final Logger LOG = Logger.getLogger(ScheduleService.class);
    /** Who {@code initiatedBy} names for scheduled backups. */
    static final String INITIATOR = "schedule";

    private final ProtectedItemRepository items;
    private final PolicyRepository policies;
    private final VaultRepository vaults;
    private final Outbox outbox;
    private final Clock clock;

    ScheduleService(ProtectedItemRepository items, PolicyRepository policies, VaultRepository vaults, Outbox outbox,
            Clock clock) {
        this.items = items;
        this.policies = policies;
        this.vaults = vaults;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Fires up to {@code limit} due items; returns how many it claimed. Safe with several instances. */
    @WithTransaction
    public Uni<Integer> fireDue(int limit) {
        Instant now = clock.instant();
        return items.claimDue(now, limit).chain(due -> Multi.createFrom().iterable(due)
                .onItem().transformToUniAndConcatenate(item -> policies.findById(item.policyId)
                        .chain(policy -> vaults.findById(item.vaultId)
                                .chain(vault -> fire(item, policy, vault, now))))
                .collect().asList()
                .replaceWith(due.size()));
    }

    private Uni<Void> fire(ProtectedItem item, Policy policy, Vault vault, Instant now) {
        if (policy == null) {
            LOG.warnf("item %s follows policy %s, which is gone: not scheduled", item.id, item.policyId);
            item.nextRunAt = null;
            return Uni.createFrom().voidItem();
        }
        Instant run = policy.schedule.latestRunAtOrBefore(now, policy.zone());
        if (run == null || run.isBefore(item.nextRunAt)) {
            run = item.nextRunAt;
        }
        item.nextRunAt = policy.schedule.nextRunAfter(now, policy.zone());
        if (item.awaitingResultSince == null) {
            item.awaitingResultSince = run;
        }
        item.updatedAt = now;
        return outbox.add(Topics.BACKUP_REQUESTED, new BackupRequested(UUID.randomUUID(), now,
                BackupRequestedEvent.SCHEMA_VERSION, runKey(item.id, run), item.id, item.vaultId, item.vm,
                Trigger.Scheduled, null, now, run, policy.id, policy.snapshotResourceGroup(),
                vault == null ? null : vault.storageRedundancy, INITIATOR));
    }

    /** The job id of an item's run: the same for the same item and scheduled time, whoever fires it. */
    public static String runKey(String itemId, Instant scheduledFor) {
        return UUID.nameUUIDFromBytes(("Backup:" + itemId + "@" + scheduledFor).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Moves the next run of every active item on {@code policy} to the policy's (changed) schedule. */
    public Uni<Void> reschedule(Policy policy) {
        Instant now = clock.instant();
        return items.usingPolicy(policy.id).invoke(list -> list.stream()
                .filter(item -> item.state == ItemState.Active)
                .forEach(item -> {
                    item.nextRunAt = policy.schedule.nextRunAfter(now, policy.zone());
                    item.updatedAt = now;
                }))
                .replaceWithVoid();
    }
}

package io.backupcenter.policy.reconcile;

import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.kit.Failures;
import io.backupcenter.policy.item.ItemState;
import io.backupcenter.policy.item.ProtectedItem;
import io.backupcenter.policy.item.ProtectedItemRepository;
import io.backupcenter.policy.retention.RetentionService;
import io.backupcenter.policy.policy.PolicyRepository;
import io.backupcenter.policy.vault.Vault;
import io.backupcenter.policy.vault.VaultDirectory;
import io.backupcenter.policy.vault.VaultDirectory.RemoteItem;
import io.backupcenter.policy.vault.VaultDirectory.RemoteVault;
import io.backupcenter.policy.vault.VaultLifecycle;
import io.backupcenter.policy.vault.VaultRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Events for speed, reconciliation for truth: every {@code backup-center.reconcile.every} (5 min) one instance of
 * policy-service (a lease in the database makes it single-flight) compares what it holds with vault-service, the owner
 * of vaults and protected items, and repairs the drift that a lost, poisoned or dead-lettered event left: vaults it
 * lacks or that are gone, policies vault-service retired, and each item's existence, state, policy and VM
 * ({@link ItemRepairs}). Each repair is logged and counted in {@code backup_center_reconciler_repairs_total{kind}}.
 * What it holds is read before vault-service is asked, and a row that changed after the pass began is left for the
 * next pass: an event newer than vault-service's answer is never undone. What vault-service changed less than
 * {@code backup-center.reconcile.settle} (1 min) ago is left alone too: its events are most likely on their way.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    private static final int PAGE = 500;
    /** Every kind of repair, each a value of the counter's {@code kind} tag. */
    static final List<String> KINDS = List.of("vault-missing", "vault-gone", "policy-retired", ItemRepairs.MISSING,
            ItemRepairs.STATE, ItemRepairs.POLICY, ItemRepairs.VM, ItemRepairs.GONE, ItemRepairs.UNSCHEDULABLE,
            ItemRepairs.ERROR_CLEARED, "point-missing", "point-expiry");

    private final VaultDirectory directory;
    private final VaultRepository vaults;
    private final VaultLifecycle lifecycle;
    private final PolicyRepository policies;
    private final ProtectedItemRepository items;
    private final ItemRepairs repairs;
    private final RetentionService retention;
    private final ReconciliationLease lease;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Duration leaseFor;
    private final Duration settle;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final String holder = UUID.randomUUID().toString();

    Reconciler(VaultDirectory directory, VaultRepository vaults, VaultLifecycle lifecycle, PolicyRepository policies,
            ProtectedItemRepository items, ItemRepairs repairs, RetentionService retention, ReconciliationLease lease,
            Clock clock,
            MeterRegistry metrics,
            @ConfigProperty(name = "backup-center.reconcile.lease", defaultValue = "PT10M") Duration leaseFor,
            @ConfigProperty(name = "backup-center.reconcile.settle", defaultValue = "PT1M") Duration settle) {
        this.directory = directory;
        this.vaults = vaults;
        this.lifecycle = lifecycle;
        this.policies = policies;
        this.items = items;
        this.repairs = repairs;
        this.retention = retention;
        this.lease = lease;
        this.clock = clock;
        this.metrics = metrics;
        this.leaseFor = leaseFor;
        this.settle = settle;
        for (String kind : KINDS) {
            counter(kind);
        }
    }

    @Scheduled(every = "${backup-center.reconcile.every:5m}", delayed = "${backup-center.reconcile.delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return pass().onFailure().invoke(f -> LOG.warnf("reconciliation could not finish: %s", Failures.describe(f)))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** One pass, if no other instance is in one: the number of repairs, or -1 when another instance holds the lease. */
    public Uni<Integer> pass() {
        Instant started = clock.instant();
        return Panache.withTransaction(() -> lease.acquire(holder, started, started.plus(leaseFor)))
                .chain(acquired -> !acquired ? Uni.createFrom().item(-1)
                        : reconcile(started)
                                .onTermination().call(() -> Panache.withTransaction(() -> lease.release(holder)))
                                .invoke(count -> LOG.infof("reconciliation: %d repair(s) in %s ms", count,
                                        Duration.between(started, clock.instant()).toMillis())));
    }

    private Uni<Integer> reconcile(Instant started) {
        return reconcileVaults(started.minus(settle))
                .chain(fixedVaults -> reconcileRetiredPolicies(started.minus(settle)).map(fixed -> fixedVaults + fixed))
                .chain(fixedSoFar -> reconcileItems(started).map(fixed -> fixedSoFar + fixed))
                .chain(fixedSoFar -> reconcilePoints(null, started.minus(settle), 0).map(fixed -> fixedSoFar + fixed));
    }

    /**
     * The recovery points of vault-service's catalog, page by page: one retention does not know is kept by its item's
     * policy (and its own retain-until) from now on; one whose expiry dates the catalog lacks or has otherwise gets
     * them announced again.
     */
    private Uni<Integer> reconcilePoints(String cursor, Instant settledBefore, int fixedSoFar) {
        return directory.points(cursor, PAGE).chain(page -> Multi.createFrom().iterable(page.items()
                                .stream().filter(point -> (point.inSnapshotTier() || point.inVaultTier())
                                        && point.createdAt().isBefore(settledBefore)).toList())
                        .onItem().transformToUniAndConcatenate(point -> Panache.withTransaction(() -> retention
                                .adopt(point.id(), point.protectedItemId(), point.time(),
                                        point.trigger() == null ? null : Trigger.valueOf(point.trigger()),
                                        point.scheduledFor(), point.retainUntil())
                                .chain(adopted -> adopted ? Uni.createFrom().item("point-missing")
                                        : retention.announceAgain(point.id(), point.snapshotExpiresAt(),
                                                point.vaultExpiresAt())
                                        .map(announced -> announced ? "point-expiry" : null)))
                                .onFailure().recoverWithItem(failure -> {
                                    LOG.warnf("reconciliation could not repair recovery point %s now: %s", point.id(),
                                            Failures.describe(failure));
                                    return null;
                                })
                                .invoke(kind -> {
                                    if (kind != null) {
                                        repaired(kind, "recovery point " + point.id() + " of item "
                                                + point.protectedItemId() + (kind.equals("point-missing")
                                                ? " was not known to retention here: kept by its item's policy"
                                                : ": its expiry dates announced again to the catalog"));
                                    }
                                }))
                        .collect().asList()
                        .map(kinds -> fixedSoFar + (int) kinds.stream().filter(Objects::nonNull).count())
                        .chain(total -> page.next() == null ? Uni.createFrom().item(total)
                                : reconcilePoints(page.next(), settledBefore, total)));
    }

    /** Vaults vault-service has that are not known here, and ones known here that it no longer has. */
    private Uni<Integer> reconcileVaults(Instant settledBefore) {
        return Panache.withSession(() -> vaults.list("deleted", false))
                .chain(known -> directory.vaults().chain(remote -> {
                    Set<String> remoteIds = remote.stream().map(RemoteVault::id).collect(Collectors.toSet());
                    Set<String> knownIds = known.stream().map(v -> v.id).collect(Collectors.toSet());
                    List<RemoteVault> missing = remote.stream()
                            .filter(v -> !knownIds.contains(v.id()) && v.createdAt().isBefore(settledBefore)).toList();
                    List<Vault> gone = known.stream().filter(v -> !remoteIds.contains(v.id)).toList();
                    return Multi.createFrom().iterable(missing)
                            .onItem().transformToUniAndConcatenate(v -> Panache.withTransaction(() -> lifecycle
                                    .adopt(v.id(), v.name(), v.resourceGroup(), v.region(), v.storageRedundancy(),
                                            "by reconciliation"))
                                    .invoke(() -> repaired("vault-missing", "vault " + v.id() + " (" + v.name()
                                            + ") was not known here: recorded with its DefaultPolicy")))
                            .collect().asList()
                            .chain(() -> Multi.createFrom().iterable(gone)
                                    .onItem().transformToUniAndConcatenate(v -> Panache.withTransaction(() -> policies
                                                    .deleteOfVault(v.id)
                                                    .chain(() -> vaults.findById(v.id))
                                                    .invoke(vault -> vault.deleted = true))
                                            .invoke(() -> repaired("vault-gone", "vault " + v.id + " (" + v.name
                                                    + ") no longer exists in vault-service: deleted here")))
                                    .collect().asList())
                            .map(done -> missing.size() + gone.size());
                }));
    }

    /**
     * Policies vault-service retired a while ago that are still here (their deletion here failed after the
     * retirement): deleted here too. One just retired is left to the request deleting it.
     */
    private Uni<Integer> reconcileRetiredPolicies(Instant settledBefore) {
        return directory.retiredPolicies().map(all -> all.stream()
                        .filter(policy -> policy.retiredAt().isBefore(settledBefore))
                        .map(VaultDirectory.RetiredPolicy::policyId).toList())
                .chain(retired -> retired.isEmpty() ? Uni.createFrom().item(0)
                : Panache.withTransaction(() -> policies.list("id in ?1", retired)
                        .chain(stale -> Multi.createFrom().iterable(stale)
                                .onItem().transformToUniAndConcatenate(policy -> policies.deleteRetired(policy.vaultId,
                                                policy.id)
                                        .invoke(() -> repaired("policy-retired", "policy " + policy.id + " ("
                                                + policy.name + ") was retired by vault-service: deleted here")))
                                .collect().asList()
                                .map(List::size))));
    }

    /**
     * Every item of vault-service against its copy here, page by page; then the copies here of items vault-service no
     * longer has.
     */
    private Uni<Integer> reconcileItems(Instant started) {
        return Panache.withSession(() -> items.list("state <> ?1", ItemState.Purged))
                .map(list -> list.stream().collect(Collectors.toMap(item -> item.id, Function.identity())))
                .chain(known -> {
                    Set<String> seen = new HashSet<>();
                    Map<String, Integer> fixed = new HashMap<>();
                    return page(null, known, seen, fixed, started)
                            .chain(() -> Multi.createFrom().iterable(known.values().stream()
                                            .filter(item -> !seen.contains(item.id)).toList())
                                    .onItem().transformToUniAndConcatenate(item -> isolated(repairs.gone(item, started),
                                            item.id))
                                    .collect().asList()
                                    .invoke(results -> results.forEach(repair -> count(repair, fixed))))
                            .map(ignored -> fixed.values().stream().mapToInt(Integer::intValue).sum());
                });
    }

    private Uni<Void> page(String cursor, Map<String, ProtectedItem> known, Set<String> seen,
            Map<String, Integer> fixed, Instant started) {
        return directory.items(cursor, PAGE).chain(page -> Multi.createFrom().iterable(page.items())
                .onItem().transformToUniAndConcatenate(remote -> {
                    seen.add(remote.id());
                    ProtectedItem local = known.get(remote.id());
                    return remote.updatedAt().isBefore(started.minus(settle)) && repairs.needed(remote, local)
                            ? isolated(repairs.repair(remote, started), remote.id())
                            : Uni.createFrom().<ItemRepairs.Repair>nullItem();
                })
                .collect().asList()
                .invoke(results -> results.forEach(repair -> count(repair, fixed)))
                .chain(() -> page.next() == null ? Uni.createFrom().voidItem()
                        : page(page.next(), known, seen, fixed, started)));
    }

    /** One item's repair; its failure (a concurrent change, say) is logged and leaves the rest of the pass going. */
    private Uni<ItemRepairs.Repair> isolated(Uni<ItemRepairs.Repair> repair, String itemId) {
        return repair.onFailure().recoverWithItem(failure -> {
            LOG.warnf("reconciliation could not repair item %s now (the next pass tries again): %s", itemId,
                    Failures.describe(failure));
            return null;
        });
    }

    private void count(ItemRepairs.Repair repair, Map<String, Integer> fixed) {
        if (repair != null) {
            repaired(repair.kind(), repair.what());
            fixed.merge(repair.kind(), 1, Integer::sum);
        }
    }

    private void repaired(String kind, String what) {
        LOG.warnf("reconciliation repaired %s: %s", kind, what);
        counter(kind).increment();
    }

    private Counter counter(String kind) {
        return counters.computeIfAbsent(kind, k -> Counter.builder("backup_center.reconciler.repairs")
                .description("Drift between policy-service and vault-service that reconciliation repaired")
                .tag("kind", k).register(metrics));
    }
}

package io.backupcenter.vault.vm;

import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.kit.Failures;
import io.backupcenter.kit.paths.DiskPaths;
import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.kit.problem.Problem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The disks a VM may name (README "Security"): each source resolved and checked against the configured roots
 * ({@link DiskPaths}), and each resolved path held by one VM only ({@code vm_disk_path}), so that a caller scoped to
 * one resource group cannot register a "VM" on another group's disks — or on the service's own keys.
 */
@ApplicationScoped
public class VmDisks {

    private final DiskPaths paths;

    VmDisks(DiskPaths paths) {
        this.paths = paths;
    }

    /**
     * The resolved path of each disk of a VM in {@code resourceGroup}, in order; 400 naming every source refused.
     * The filesystem is asked off the event loop; the answer comes back on the caller's context.
     */
    public Uni<List<String>> resolve(List<DiskSpec> disks, String resourceGroup) {
        return blocking(() -> {
            List<String> resolved = new ArrayList<>();
            List<Problem.FieldError> errors = new ArrayList<>();
            for (int i = 0; i < disks.size(); i++) {
                try {
                    resolved.add(paths.diskSource(disks.get(i).source(), resourceGroup).toString());
                } catch (DiskPaths.Refused refused) {
                    errors.add(new Problem.FieldError("disks[" + i + "].source", refused.getMessage()));
                }
            }
            if (!errors.isEmpty()) {
                throw new ApiException.BadRequest(VmService.describe(errors), errors);
            }
            if (new HashSet<>(resolved).size() < resolved.size()) {
                throw new ApiException.BadRequest("disks", "two disks of this VM are the same file");
            }
            return resolved;
        });
    }

    /**
     * The definition with each disk's source replaced by its resolved path: what the VM is registered on, so that a
     * link changed afterwards is noticed by the worker (the path then resolves elsewhere) instead of followed.
     */
    static VmDefinition resolved(VmDefinition definition, List<String> paths) {
        List<DiskSpec> disks = new ArrayList<>();
        for (int i = 0; i < definition.disks().size(); i++) {
            DiskSpec disk = definition.disks().get(i);
            disks.add(new DiskSpec(disk.name(), disk.lun(), java.nio.file.Path.of(paths.get(i)).toUri().toString()));
        }
        return new VmDefinition(definition.name(), definition.resourceGroup(), definition.region(),
                definition.osType(), definition.powerState(), disks, definition.consistencyHooks());
    }

    /**
     * Makes {@code resolved} the disk paths of VM {@code vmId}, in the caller's transaction (the VM's row flushed);
     * 409 when another VM has one of them.
     */
    public Uni<Void> claim(String vmId, List<String> paths) {
        // Sorted: two registrations claiming the same paths lock them in one order, never waiting on each other.
        List<String> resolved = paths.stream().sorted().toList();
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "select path from vm_disk_path where path = any(cast(?1 as text[])) and vm_id <> ?2", String.class)
                        .setParameter(1, resolved.toArray(String[]::new))
                        .setParameter(2, vmId)
                        .getResultList())
                .chain(taken -> {
                    if (!taken.isEmpty()) {
                        throw taken(taken.get(0));
                    }
                    return Panache.getSession().chain(session -> session.createNativeQuery(
                                    "delete from vm_disk_path where vm_id = ?1 and not (path = any(cast(?2 as text[])))")
                            .setParameter(1, vmId)
                            .setParameter(2, resolved.toArray(String[]::new))
                            .executeUpdate());
                })
                .chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "insert into vm_disk_path (path, vm_id) select unnest(cast(?1 as text[])), ?2 "
                                        + "on conflict (path) do nothing")
                        .setParameter(1, resolved.toArray(String[]::new))
                        .setParameter(2, vmId)
                        .executeUpdate()))
                .chain(inserted -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "select path from vm_disk_path where path = any(cast(?1 as text[])) and vm_id <> ?2", String.class)
                        .setParameter(1, resolved.toArray(String[]::new))
                        .setParameter(2, vmId)
                        .getResultList()))
                .invoke(taken -> {
                    if (!taken.isEmpty()) {
                        throw taken(taken.get(0));
                    }
                })
                .onFailure(Failures::isUniqueViolation).transform(e -> taken("one of its disks"))
                .replaceWithVoid();
    }

    /**
     * Checks a restore's target directory ({@code file:///…}) for an item of {@code resourceGroup}: 400 when it lies
     * outside the restore roots, 409 when it holds the disks of a registered VM (a restore writes {@code <disk>.img}
     * files there, and never over another VM's disks).
     */
    public Uni<Void> checkRestoreTarget(String target, String resourceGroup) {
        return blocking(() -> {
            try {
                return paths.restoreDirectory(target, resourceGroup).toString();
            } catch (DiskPaths.Refused refused) {
                throw new ApiException.BadRequest("target", refused.getMessage());
            }
        }).chain(directory -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "select path from vm_disk_path where starts_with(path, ?1)", String.class)
                        .setParameter(1, directory + "/")
                        .getResultList())
                .invoke(inside -> {
                    for (String path : inside) {
                        if (path.lastIndexOf('/') == directory.length()) {
                            throw new ApiException.Conflict("target-holds-disks", "The target directory " + directory
                                    + " holds disks of a registered VM; restore into a directory of its own.");
                        }
                    }
                }))
                .replaceWithVoid();
    }

    private static ApiException taken(String path) {
        return new ApiException.Conflict("disk-path-taken", "The disk " + path + " is already a disk of another VM; "
                + "a disk belongs to one VM. Name the VM's own disk image.");
    }

    private static <T> Uni<T> blocking(Callable<T> work) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(() -> {
                try {
                    return work.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        return Uni.createFrom().emitter(emitter -> context.<T>executeBlocking(work, false).onComplete(done -> {
            if (done.succeeded()) {
                emitter.complete(done.result());
            } else {
                emitter.fail(done.cause());
            }
        }));
    }
}

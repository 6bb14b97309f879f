package io.backupcenter.vault.restore;

import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.restore.RestoreCompleted;
import io.backupcenter.contracts.restore.RestoreCompletedEvent;
import io.backupcenter.contracts.restore.RestoreType;
import io.backupcenter.kit.messaging.InboundChannel;
import io.backupcenter.kit.messaging.InboundEvents;
import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.vault.vm.OsType;
import io.backupcenter.vault.vm.PowerState;
import io.backupcenter.vault.vm.VmDefinition;
import io.backupcenter.vault.vm.VmRules;
import io.backupcenter.vault.vm.VmService;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Locale;

/** Registers the VM of an AlternateLocation restore once its disks are restored ({@code restore-completed}). */
@ApplicationScoped
@Startup
public class RestoreResults {

    private static final Logger LOG = Logger.getLogger(RestoreResults.class);

    private final VmService vms;
    private final InboundChannel<RestoreCompletedEvent> restoreCompleted;

    RestoreResults(InboundEvents inbound, VmService vms) {
        this.vms = vms;
        this.restoreCompleted = inbound.channel("restore-completed", RestoreCompletedEvent.class,
                event -> apply((RestoreCompleted) event));
    }

    @Incoming("restore-completed")
    public Uni<Void> consume(Message<String> message) {
        return restoreCompleted.handle(message);
    }

    private Uni<Void> apply(RestoreCompleted result) {
        if (result.restoreType() != RestoreType.AlternateLocation || result.status() != SnapshotStatus.Succeeded
                || result.newVm() == null) {
            return Uni.createFrom().voidItem();
        }
        var vm = result.newVm();
        OsType osType = VmRules.parse(OsType.class, vm.osType());
        VmDefinition definition = new VmDefinition(vm.name(), vm.resourceGroup(), vm.region().toLowerCase(Locale.ROOT),
                osType == null ? OsType.Linux : osType, PowerState.Stopped, result.disks(), null);
        return vms.upsert(vm.id(), definition)
                .invoke(added -> LOG.infof("VM %s registered on the disks restored by job %s", vm.name(), result.jobId()))
                .onFailure(ApiException.class).invoke(e -> LOG.warnf("the VM of restore job %s cannot be registered: %s",
                        result.jobId(), e.getMessage()))
                .onFailure(ApiException.class).recoverWithNull()
                .replaceWithVoid();
    }
}

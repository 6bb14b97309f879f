package io.backupcenter.vault.protection;

import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.vault.vault.Vault;
import io.backupcenter.vault.vm.VirtualMachine;

/** A vault protects only VMs of its own region. */
public class VmInAnotherRegion extends ApiException.BadRequest {

    public VmInAnotherRegion(VirtualMachine vm, Vault vault) {
        super("VM '" + vm.name + "' is in " + vm.region + " but vault '" + vault.name + "' is in " + vault.region
                + "; a vault protects only VMs of its own region.", java.util.List.of(
                new io.backupcenter.kit.problem.Problem.FieldError("region",
                        "VM in " + vm.region + ", vault in " + vault.region)));
    }
}

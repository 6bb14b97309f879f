package io.backupcenter.contracts.vm;

/**
 * One disk of a VM: its name, LUN ({@code -1} for the OS disk) and where its bytes are read ({@code file:///…}).
 * Not checked here: vault-service applies the VM rules to every disk, whichever way it arrived.
 */
public record DiskSpec(String name, int lun, String source) {
}

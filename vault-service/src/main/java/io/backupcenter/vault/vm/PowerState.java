package io.backupcenter.vault.vm;

/** Whether a VM runs; a stopped VM's recovery points are crash-consistent. */
public enum PowerState {
    Running,
    Stopped
}

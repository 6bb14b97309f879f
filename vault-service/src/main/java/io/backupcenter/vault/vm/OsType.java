package io.backupcenter.vault.vm;

/** The operating system of a VM. */
public enum OsType {
    Linux,
    Windows
}

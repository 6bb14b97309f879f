package io.backupcenter.vault.vault;

/** Naming rules of Azure resources that the API keeps. */
public final class Names {

    /** Vault name: 2–50 letters, digits and hyphens, starting with a letter. */
    /** An id a client may give (a provisioning system's VM id): what fits in a path segment of the API. */
    public static final String ID = "[A-Za-z0-9._-]{1,100}";
    public static final String ID_RULE = "must be 1 to 100 letters, digits, '.', '_' or '-'";
    public static final String VAULT = "[A-Za-z][A-Za-z0-9-]{1,49}";
    public static final String VAULT_RULE = "must be 2 to 50 letters, digits or hyphens, starting with a letter";

    /** Resource group: 1–90 letters, digits, {@code . _ - ( )}, not ending in a period. */
    public static final String RESOURCE_GROUP = "[A-Za-z0-9._()-]{0,89}[A-Za-z0-9_()-]";
    public static final String RESOURCE_GROUP_RULE =
            "must be 1 to 90 letters, digits, periods, underscores, hyphens or parentheses, not ending in a period";

    /** Region: a region name such as {@code westeurope}. */
    public static final String REGION = "[A-Za-z][A-Za-z0-9]{1,39}";
    public static final String REGION_RULE = "must be a region name such as westeurope (letters and digits)";

    private Names() {
    }
}

package io.backupcenter.kit.security;

import java.util.List;

/**
 * The built-in roles, as Azure Backup's: each holds every right of those before it. Reader reads everything in scope;
 * Operator also backs up now, restores and cancels jobs; Contributor also manages policies, VMs and protection
 * (stop protection with delete data included); Owner also creates, changes and deletes vaults.
 */
public final class Roles {

    public static final String READER = "Reader";
    public static final String OPERATOR = "Operator";
    public static final String CONTRIBUTOR = "Contributor";
    public static final String OWNER = "Owner";

    /**
     * The services themselves, calling each other's internal endpoints ({@code /internal/v1/…}); no person holds it.
     * Outside the hierarchy of the four roles above.
     */
    public static final String SERVICE = "Service";

    /** From the least to the most allowed. */
    public static final List<String> ALL = List.of(READER, OPERATOR, CONTRIBUTOR, OWNER);

    private Roles() {
    }

    /** {@code role} and every role it includes; empty for a name that is no role. */
    public static List<String> including(String role) {
        int rank = ALL.indexOf(role);
        return rank < 0 ? List.of() : ALL.subList(0, rank + 1);
    }

    /** The role's name as written here, whatever its case; an error for a name that is no role. */
    public static String canonical(String name) {
        return ALL.stream().filter(role -> role.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + name + "' is no role: expected one of " + String.join(", ", ALL)));
    }
}

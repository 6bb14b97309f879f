package io.backupcenter.contracts;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Ids that more than one service derives the same way. */
public final class Ids {

    private static final java.util.regex.Pattern WELL_FORMED = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private Ids() {
    }

    /**
     * Whether {@code id} can be the id of anything here: 1 to 100 letters, digits, {@code .}, {@code _} and {@code -}
     * (UUIDs, and VM ids of provisioning systems). Only such an id goes into another service's URL.
     */
    public static boolean isWellFormed(String id) {
        return id != null && WELL_FORMED.matcher(id).matches() && !id.equals(".") && !id.equals("..");
    }

    /**
     * The id of a vault's {@code DefaultPolicy}: derived from the vault id, so vault-service can protect items with it
     * as soon as the vault exists, before policy-service has created it from {@code VaultCreated}.
     */
    public static String defaultPolicyId(String vaultId) {
        return UUID.nameUUIDFromBytes(("DefaultPolicy:" + vaultId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}

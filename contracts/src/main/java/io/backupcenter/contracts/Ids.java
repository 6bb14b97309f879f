package io.backupcenter.contracts;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Ids that more than one service derives the same way. */
public final class Ids {

    private Ids() {
    }

    /**
     * The id of a vault's {@code DefaultPolicy}: derived from the vault id, so vault-service can protect items with it
     * as soon as the vault exists, before policy-service has created it from {@code VaultCreated}.
     */
    public static String defaultPolicyId(String vaultId) {
        return UUID.nameUUIDFromBytes(("DefaultPolicy:" + vaultId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}

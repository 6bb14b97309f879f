package io.backupcenter.contracts.backup;

import io.backupcenter.contracts.Require;

/** Why an operation failed: a stable code and a message for people, with what to do where that helps. */
public record Failure(String code, String message) {

    public Failure {
        Require.field(code, "error.code");
        Require.field(message, "error.message");
    }
}

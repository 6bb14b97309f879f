package io.backupcenter.contracts;

import io.backupcenter.contracts.vault.VaultCreated;
import io.backupcenter.contracts.vault.VaultDeleted;
import io.backupcenter.contracts.vault.VaultEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaultEventJsonTest {

    @ParameterizedTest
    @CsvSource({"VaultCreated.v1.json", "VaultDeleted.v1.json"})
    void goldenFilesRoundTripUnchanged(String file) throws IOException {
        VaultEvent event = EventJson.read(GoldenEvents.text(file), VaultEvent.class);

        assertThat(EventJson.mapper().readTree(EventJson.write(event))).isEqualTo(GoldenEvents.tree(file));
    }

    @Test
    void aVaultCreatedIsReadWithEveryField() {
        VaultEvent event = EventJson.read(GoldenEvents.text("VaultCreated.v1.json"), VaultEvent.class);

        assertThat(event).isEqualTo(new VaultCreated(UUID.fromString("0b9f3f4e-5d1c-4d1e-9a51-3c8f1f7d2a10"),
                Instant.parse("2026-11-22T10:30:00Z"), 1, "5f0d6a8e-1b2c-4c3d-8e9f-0a1b2c3d4e5f", "hotel-vault",
                "backup-rg", "westeurope", "GeoRedundant"));
        assertThat(event.key()).isEqualTo("5f0d6a8e-1b2c-4c3d-8e9f-0a1b2c3d4e5f");
    }

    @Test
    void aFieldAddedByANewerProducerIsIgnored() {
        String json = GoldenEvents.text("VaultDeleted.v1.json").replace("\"vaultId\"", "\"addedLater\": 7, \"vaultId\"");

        assertThat(EventJson.read(json, VaultEvent.class)).isInstanceOf(VaultDeleted.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON                 | {oops                                                  | not valid JSON",
            "empty                    | ''                                                     | the record has no value",
            "JSON null                | null                                                   | the record's value is JSON null",
            "unknown type             | {\"type\":\"VaultRenamed\"}                              | unknown or missing event type 'VaultRenamed'",
            "no type                  | {\"vaultId\":\"v\"}                                      | unknown or missing event type",
            "missing vaultId          | {\"type\":\"VaultDeleted\",\"eventId\":\"6a1e7c55-9a0d-4f5e-8b57-2d1f0e9c8b7a\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"schemaVersion\":1} | field 'vaultId' is required",
            "future schema version    | {\"type\":\"VaultDeleted\",\"eventId\":\"6a1e7c55-9a0d-4f5e-8b57-2d1f0e9c8b7a\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"schemaVersion\":2,\"vaultId\":\"v\"} | schemaVersion 2 is not supported",
            "bad eventId              | {\"type\":\"VaultDeleted\",\"eventId\":\"nope\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"schemaVersion\":1,\"vaultId\":\"v\"} | field 'eventId'",
            "bad time                 | {\"type\":\"VaultDeleted\",\"eventId\":\"6a1e7c55-9a0d-4f5e-8b57-2d1f0e9c8b7a\",\"occurredAt\":\"yesterday\",\"schemaVersion\":1,\"vaultId\":\"v\"} | field 'occurredAt'",
    })
    void aMalformedRecordIsRejectedWithAReasonAPersonUnderstands(String what, String json, String reason) {
        assertThatThrownBy(() -> EventJson.read(json, VaultEvent.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining(reason);
    }
}

package io.backupcenter.contracts;

import io.backupcenter.contracts.vm.VmEvent;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutsideEventIdTest {

    private static VmEvent withId(String idJson) {
        String golden = GoldenEvents.text("VmCreated.v1.json");
        return EventJson.read(golden.replaceFirst("\"eventId\"\\s*:\\s*\"[^\"]*\"", "\"eventId\": " + idJson),
                VmEvent.class);
    }

    @Test
    void aUuidIsTakenAsItIs() {
        UUID id = UUID.randomUUID();
        assertThat(withId("\"" + id + "\"").eventId()).isEqualTo(id);
    }

    @Test
    void anyOtherNonEmptyStringStandsForOneUuidEveryTime() {
        UUID first = withId("\"provisioner-7/vm-42#1\"").eventId();
        assertThat(withId("\"provisioner-7/vm-42#1\"").eventId()).isEqualTo(first);
        assertThat(withId("\"provisioner-7/vm-42#2\"").eventId()).isNotEqualTo(first);
        assertThat(withId("\"" + "x".repeat(OutsideEventId.MAX_LENGTH) + "\"").eventId()).isNotNull();
    }

    @Test
    void anEmptyOrOverLongIdOrANumberIsRefused() {
        assertThatThrownBy(() -> withId("\"\"")).hasMessageContaining("eventId");
        assertThatThrownBy(() -> withId("\"" + "x".repeat(OutsideEventId.MAX_LENGTH + 1) + "\""))
                .hasMessageContaining("at most 200 characters");
        assertThatThrownBy(() -> withId("42")).isInstanceOf(RuntimeException.class);
    }
}

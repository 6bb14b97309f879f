package io.backupcenter.worker.backup;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FairBacklogTest {

    private static List<String> drain(FairBacklog<String> backlog) {
        List<String> order = new ArrayList<>();
        for (String next = backlog.pollAny(); next != null; next = backlog.pollAny()) {
            order.add(next);
        }
        return order;
    }

    @Test
    void backUpNowGoesBeforeEveryScheduledBackupReceivedEarlier() {
        FairBacklog<String> backlog = new FairBacklog<>();
        for (int i = 1; i <= 3; i++) {
            backlog.add("a" + i, "vault-a", false);
        }
        backlog.add("now-b", "vault-b", true);

        assertThat(drain(backlog)).containsExactly("now-b", "a1", "a2", "a3");
    }

    @Test
    void vaultsTakeTurnsSoALargeWaveDoesNotHoldBackASmallOne() {
        FairBacklog<String> backlog = new FairBacklog<>();
        for (int i = 1; i <= 4; i++) {
            backlog.add("a" + i, "vault-a", false);
        }
        backlog.add("b1", "vault-b", false);
        backlog.add("b2", "vault-b", false);
        backlog.add("c1", "vault-c", false);

        assertThat(drain(backlog)).containsExactly("a1", "b1", "c1", "a2", "b2", "a3", "a4");
    }

    @Test
    void onDemandBackupsTakeTurnsByVaultToo() {
        FairBacklog<String> backlog = new FairBacklog<>();
        backlog.add("a1", "vault-a", true);
        backlog.add("a2", "vault-a", true);
        backlog.add("a3", "vault-a", true);
        backlog.add("b1", "vault-b", true);

        assertThat(drain(backlog)).containsExactly("a1", "b1", "a2", "a3");
    }

    @Test
    void theOnDemandThreadsTakeOnlyOnDemandBackups() {
        FairBacklog<String> backlog = new FairBacklog<>();
        backlog.add("a1", "vault-a", false);
        backlog.add("now", "vault-a", true);

        assertThat(backlog.pollOnDemand()).isEqualTo("now");
        assertThat(backlog.pollOnDemand()).isNull();
        assertThat(backlog.size()).isEqualTo(1);
        assertThat(backlog.pollAny()).isEqualTo("a1");
        assertThat(backlog.size()).isZero();
    }

    @Test
    void queuedBackupsOfPartitionsThatMovedAwayAreForgottenAndTheRestKeepTheirOrder() {
        FairBacklog<String> backlog = new FairBacklog<>();
        backlog.add("a1@p0", "vault-a", false);
        backlog.add("a2@p1", "vault-a", false);
        backlog.add("b1@p1", "vault-b", false);
        backlog.add("now@p1", "vault-b", true);
        backlog.add("a3@p0", "vault-a", false);

        assertThat(backlog.removeIf(e -> e.endsWith("@p1"))).isEqualTo(3);

        assertThat(backlog.size()).isEqualTo(2);
        assertThat(backlog.onDemandSize()).isZero();
        assertThat(drain(backlog)).containsExactly("a1@p0", "a3@p0");
    }
}

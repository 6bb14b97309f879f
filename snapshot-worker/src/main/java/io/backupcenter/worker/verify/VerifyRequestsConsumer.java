package io.backupcenter.worker.verify;

import io.backupcenter.contracts.verify.VerifyEvent;
import io.backupcenter.contracts.verify.VerifyRequested;
import io.backupcenter.kit.messaging.InboundChannel;
import io.backupcenter.kit.messaging.InboundEvents;
import io.backupcenter.kit.messaging.Rejections;
import io.quarkus.runtime.Startup;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.sql.SQLException;
import java.util.concurrent.CompletionStage;

/**
 * Takes the {@code VerifyRequested} of {@code vault-verifications} ({@code POST /vaults/{id}/verify}) in one consumer
 * group for every worker instance, and runs the Verify job it names; the topic's other events (the workers' own
 * started and completed) are passed over. A malformed record goes to {@code vault-verifications-dlq}.
 */
@ApplicationScoped
@Startup
public class VerifyRequestsConsumer {

    private final InboundChannel<VerifyEvent> requests;

    VerifyRequestsConsumer(InboundEvents inbound, VaultVerifier verifier) {
        this.requests = inbound.blockingChannel("verify-requests", VerifyEvent.class, event -> {
            if (event instanceof VerifyRequested request) {
                try {
                    verifier.verifyNow(request.vaultId(), request.jobId(), request.initiatedBy());
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot verify vault " + request.vaultId() + ": "
                            + e.getMessage(), e);
                }
            }
        }, Rejections.none());
    }

    @Incoming("verify-requests")
    @Blocking(value = "verifications", ordered = false)
    public CompletionStage<Void> consume(Message<String> message) {
        return requests.handleBlocking(message);
    }
}

package io.backupcenter.kit.messaging;

import io.backupcenter.contracts.MalformedEventException;
import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.kit.security.Roles;
import io.smallrye.mutiny.Uni;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Events another service delivers directly, right after the transaction that announced them committed, so that what
 * a client does next sees them ({@code backup-center.direct-delivery.<topic>} on the sending side). Applied as the
 * channel applies its Kafka records (once: the Kafka record that follows is then a duplicate): 204 when applied (or
 * applied before), 202 when it could not be applied now and its Kafka record will be. Services only.
 */
@IfBuildProperty(name = "backup-center.events.enabled", stringValue = "true", enableIfMissing = true)
@Path("/internal/v1/events")
public class InboundEventsResource {

    private final InboundEvents events;

    InboundEventsResource(InboundEvents events) {
        this.events = events;
    }

    @RolesAllowed(Roles.SERVICE)
    @POST
    @Path("{channel}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Void>> deliver(@RestPath String channel, String payload) {
        InboundChannel<?> target = events.byChannel(channel).orElseThrow(() -> new ApiException.NotFound(
                "This service consumes no channel '" + channel + "'."));
        Uni<InboundChannel.Outcome> outcome;
        try {
            outcome = target.applyDirect(payload);
        } catch (MalformedEventException e) {
            throw new ApiException.BadRequest("event", e.getMessage());
        }
        return outcome.map(done -> done == InboundChannel.Outcome.APPLIED || done == InboundChannel.Outcome.DUPLICATE
                ? RestResponse.noContent() : RestResponse.accepted());
    }
}

package io.backupcenter.kit.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.MalformedEventException;
import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.kit.security.Roles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * Events another service delivers directly, right after the transaction that announced them committed, so that what
 * a client does next sees them ({@code backup-center.direct-delivery.<topic>} on the sending side): a JSON array of the
 * channel's events, applied in order as the channel applies its Kafka records (once: the Kafka record that follows is
 * then a duplicate). 204 when all were applied (or had been), 202 when one could not be applied now and its Kafka
 * record will be; 400 when one is not such an event. Services only.
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
        List<String> batch = batch(payload);
        for (String event : batch) {
            try {
                target.check(event);
            } catch (MalformedEventException e) {
                throw new ApiException.BadRequest("events", e.getMessage());
            }
        }
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(target::applyDirect)
                .collect().asList()
                .map(outcomes -> outcomes.stream().allMatch(done -> done == InboundChannel.Outcome.APPLIED
                        || done == InboundChannel.Outcome.DUPLICATE) ? RestResponse.<Void>noContent()
                        : RestResponse.<Void>accepted());
    }

    /** The events of the body: a JSON array of events, each read when applied (400 when one is malformed). */
    private static List<String> batch(String payload) {
        List<String> events = new ArrayList<>();
        try {
            JsonNode body = EventJson.mapper().readTree(payload == null ? "" : payload);
            if (body == null || !body.isArray() || body.isEmpty()) {
                throw new ApiException.BadRequest("events", "must be a JSON array of one or more events");
            }
            body.forEach(event -> events.add(event.toString()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException.BadRequest("events", "must be a JSON array of one or more events");
        }
        return events;
    }
}

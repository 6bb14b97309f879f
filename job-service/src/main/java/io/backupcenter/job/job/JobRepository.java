package io.backupcenter.job.job;

import io.backupcenter.kit.security.ResourceGroupScope;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Queries on jobs. */
@ApplicationScoped
public class JobRepository implements PanacheRepositoryBase<Job, String> {

    /**
     * One page of the jobs matching {@code query} within {@code scope}, newest first, and one more when another page
     * follows.
     */
    public Uni<List<Job>> page(JobQuery query, ResourceGroupScope scope) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (!scope.unlimited()) {
            conditions.add("lower(resourceGroup) in :groups");
            parameters.and("groups", scope.lowerCaseGroups());
        }
        if (query.status() != null) {
            conditions.add("status = :status");
            parameters.and("status", query.status());
        }
        if (query.operation() != null) {
            conditions.add("operation = :operation");
            parameters.and("operation", query.operation());
        }
        if (query.vaultId() != null) {
            conditions.add("vaultId = :vaultId");
            parameters.and("vaultId", query.vaultId());
        }
        if (query.protectedItemId() != null) {
            conditions.add("protectedItemId = :protectedItemId");
            parameters.and("protectedItemId", query.protectedItemId());
        }
        if (query.from() != null) {
            conditions.add("startTime >= :from");
            parameters.and("from", query.from());
        }
        if (query.to() != null) {
            conditions.add("startTime <= :to");
            parameters.and("to", query.to());
        }
        if (query.after() != null) {
            conditions.add("(startTime < :afterTime or (startTime = :afterTime and id < :afterId))");
            parameters.and("afterTime", query.after().startTime()).and("afterId", query.after().id());
        }
        Sort newestFirst = Sort.descending("startTime", "id");
        var found = conditions.isEmpty()
                ? findAll(newestFirst)
                : find(String.join(" and ", conditions), newestFirst, parameters);
        return found.range(0, query.limit()).list();
    }

    /**
     * The vault's jobs that do not know their resource group yet get {@code resourceGroup}; how many did. Versioned, so
     * an event applied to one of them at the same moment is applied again rather than writing the group back to null.
     */
    public Uni<Integer> placeInResourceGroup(String vaultId, String resourceGroup) {
        return getSession().chain(session -> session.createMutationQuery(
                        "update versioned Job set resourceGroup = :group where vaultId = :vault and resourceGroup is null")
                .setParameter("group", resourceGroup)
                .setParameter("vault", vaultId)
                .executeUpdate());
    }
}

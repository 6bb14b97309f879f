package io.backupcenter.kit.security;

import io.backupcenter.kit.problem.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The resource groups a principal may see and touch: all of them, or a named set (names compare case-insensitively,
 * as Azure's do). Vaults, VMs, their protected items and jobs outside the scope do not exist for the principal.
 */
public record ResourceGroupScope(Set<String> groups) {

    /** Every resource group: a principal with no limit, or the system itself. */
    public static final ResourceGroupScope ALL = new ResourceGroupScope(null);

    /** Only {@code groups}. */
    public static ResourceGroupScope of(Collection<String> groups) {
        return new ResourceGroupScope(groups.stream().map(g -> g.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** The scope of an authenticated principal; the anonymous one (refused by role checks anyway) has no limit here. */
    public static ResourceGroupScope of(SecurityIdentity identity) {
        return identity != null && !identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken token
                ? of(token) : ALL;
    }

    /** 403 unless {@code resourceGroup} is in scope: for things created or placed there. */
    public void requireAllows(String resourceGroup, String what) {
        if (!allows(resourceGroup)) {
            throw new ApiException.Forbidden("Your access covers the resource groups " + String.join(", ",
                    groups.stream().sorted().toList()) + "; " + what + " in '" + resourceGroup
                    + "' is outside them.");
        }
    }

    /** The scope a token grants: its {@value LocalIssuer#RESOURCE_GROUPS_CLAIM} claim, or all groups without one. */
    public static ResourceGroupScope of(JsonWebToken token) {
        if (token == null || !token.containsClaim(LocalIssuer.RESOURCE_GROUPS_CLAIM)) {
            return ALL;
        }
        Object claim = token.getClaim(LocalIssuer.RESOURCE_GROUPS_CLAIM);
        List<String> groups = new ArrayList<>();
        if (claim instanceof Collection<?> values) {
            values.forEach(value -> groups.add(unquoted(String.valueOf(value))));
        } else if (claim != null) {
            groups.add(unquoted(String.valueOf(claim)));
        }
        return of(groups);
    }

    /** JSON-P strings print with their quotes. */
    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    public boolean unlimited() {
        return groups == null;
    }

    /** Whether {@code resourceGroup} is in scope; a thing with no resource group is in the unlimited scope only. */
    public boolean allows(String resourceGroup) {
        return unlimited() || resourceGroup != null && groups.contains(resourceGroup.toLowerCase(Locale.ROOT));
    }

    /** The groups, lower case, for a query filter ({@code lower(resource_group) in :groups}); only when limited. */
    public List<String> lowerCaseGroups() {
        if (unlimited()) {
            throw new IllegalStateException("an unlimited scope has no list of groups");
        }
        return List.copyOf(groups);
    }
}

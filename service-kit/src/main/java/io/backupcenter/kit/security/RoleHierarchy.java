package io.backupcenter.kit.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashSet;
import java.util.Set;

/** A principal in a role holds the roles it includes too ({@link Roles}): an Owner may do what a Reader may. */
@ApplicationScoped
public class RoleHierarchy implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        Set<String> implied = new LinkedHashSet<>();
        for (String role : identity.getRoles()) {
            implied.addAll(Roles.including(role));
        }
        implied.removeAll(identity.getRoles());
        if (implied.isEmpty()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRoles(implied).build());
    }
}

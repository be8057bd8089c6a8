package cn.yiwang.id.server.saml;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.saml.SamlNames;
import java.util.List;
import java.util.Optional;

/**
 * Maps a {@code RequestedAuthnContext} (SAML core §3.3.2.2.1) to our levels of assurance, and
 * chooses the {@code AuthnContextClassRef} we assert. Our class references are the OIDC {@code acr}
 * values ({@code urn:yiwang:loa:1..4}); the generic password classes and {@code unspecified} are met
 * by any session, since every sign-in here is at least a password over TLS.
 */
final class SamlAuthnContexts {

    private static final List<String> GENERIC = List.of(
            SamlNames.AC_PASSWORD_PROTECTED,
            "urn:oasis:names:tc:SAML:2.0:ac:classes:Password",
            SamlNames.AC_UNSPECIFIED);

    private SamlAuthnContexts() {}

    /**
     * What the request needs.
     *
     * @param minimum the lowest session level that satisfies it (empty: any)
     * @param assertedRef the class reference to assert when the requester named one to echo, else null
     * @param satisfiable false when nothing requested is ours ({@code NoAuthnContext})
     */
    record Requirement(Optional<AssuranceLevel> minimum, String assertedRef, boolean satisfiable) {

        static final Requirement NONE = new Requirement(Optional.empty(), null, true);
    }

    static Requirement requirement(List<String> classRefs, String comparison) {
        if (classRefs.isEmpty()) {
            return Requirement.NONE;
        }
        String mode = (comparison == null || comparison.isBlank()) ? "exact" : comparison;
        AssuranceLevel lowest = null;
        String generic = null;
        for (String ref : classRefs) {
            Optional<AssuranceLevel> level = AssuranceLevel.fromAcr(ref);
            if (level.isPresent() && (lowest == null || !level.get().atLeast(lowest))) {
                lowest = level.get();
            }
            if (GENERIC.contains(ref) && generic == null) {
                generic = ref;
            }
        }
        if (lowest == null && generic == null) {
            return new Requirement(Optional.empty(), null, false);
        }
        switch (mode) {
            case "maximum":
                // Nothing we assert is weaker than a password; the request is met by what it names.
                return new Requirement(Optional.empty(), (generic != null) ? generic : lowest.acr(), true);
            case "better":
                if (lowest == null) {
                    return new Requirement(Optional.of(AssuranceLevel.L2), null, true);
                }
                if (lowest == AssuranceLevel.L4) {
                    return new Requirement(Optional.empty(), null, false);
                }
                return new Requirement(Optional.of(AssuranceLevel.values()[lowest.ordinal() + 1]), null, true);
            case "minimum":
                return new Requirement(Optional.ofNullable(lowest), null, true);
            default:
                // exact: assert one of the requested references, the level one when we have it
                if (lowest != null) {
                    return new Requirement(Optional.of(lowest), lowest.acr(), true);
                }
                return new Requirement(Optional.empty(), generic, true);
        }
    }
}

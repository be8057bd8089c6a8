package cn.yiwang.id.federation.saml;

/**
 * {@code InResponseTo} is the ID of our pending AuthnRequest (profiles §4.1.4.2): an unsolicited (IdP-initiated)
 * response is refused, since nothing binds it to the browser that presents it.
 */
final class InResponseToRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        if (!response.response().hasAttributeNS(null, "InResponseTo")) {
            throw SamlRejection.invalid("saml-unsolicited-response");
        }
        if (!response.requestId().equals(response.response().getAttributeNS(null, "InResponseTo"))) {
            throw SamlRejection.invalid("saml-wrong-in-response-to");
        }
    }
}

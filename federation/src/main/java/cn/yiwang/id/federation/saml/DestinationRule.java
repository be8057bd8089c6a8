package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.XmlSignatures;

/**
 * {@code Destination}, when present, is our assertion consumer service; a signed response must carry it
 * (bindings §3.5.5.2), or a response meant for another SP could be replayed to us.
 */
final class DestinationRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        if (!response.response().hasAttributeNS(null, "Destination")) {
            if (XmlSignatures.isSigned(response.response())) {
                throw SamlRejection.invalid("saml-missing-destination");
            }
            return;
        }
        if (!response.sp()
                .assertionConsumerServiceUrl()
                .equals(response.response().getAttributeNS(null, "Destination"))) {
            throw SamlRejection.invalid("saml-wrong-destination");
        }
    }
}

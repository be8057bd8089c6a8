package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlStatus;
import cn.yiwang.id.saml.SamlXml;

/**
 * The top-level {@code StatusCode} is Success (core §3.2.2.2). Anything else is the IdP saying no (the citizen
 * cancelled, authentication failed, the IdP refused): a denial named by the most specific status code, such as
 * {@code AuthnFailed}, rather than a defect.
 */
final class StatusRule implements SamlResponseRule {

    private static final int MAX_MESSAGE = 200;

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        SamlStatus status =
                SamlStatus.of(response.response()).orElseThrow(() -> SamlRejection.invalid("saml-missing-status"));
        if (status.success()) {
            return;
        }
        String message = SamlXml.child(response.response(), SamlNames.PROTOCOL_NS, "Status")
                .flatMap((s) -> SamlXml.child(s, SamlNames.PROTOCOL_NS, "StatusMessage"))
                .map(PlainText::of)
                .map(StatusRule::clean)
                .orElse(null);
        // urn:oasis:names:tc:SAML:2.0:status:AuthnFailed -> AuthnFailed; an unknown value becomes a safe token
        throw SamlRejection.denied(status.detailName().orElse("unknown-status"), message);
    }

    private static String clean(String message) {
        String cleaned = message.codePoints()
                .filter((c) -> !Character.isISOControl(c))
                .limit(MAX_MESSAGE)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
        return cleaned.isEmpty() ? null : cleaned;
    }
}

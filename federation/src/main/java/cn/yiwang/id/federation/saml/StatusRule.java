package cn.yiwang.id.federation.saml;

import java.util.Optional;

import org.w3c.dom.Element;

import cn.yiwang.id.saml.SamlNames;
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
		Element status = SamlXml.child(response.response(), SamlNames.PROTOCOL_NS, "Status")
			.orElseThrow(() -> SamlRejection.invalid("saml-missing-status"));
		Element code = SamlXml.child(status, SamlNames.PROTOCOL_NS, "StatusCode")
			.orElseThrow(() -> SamlRejection.invalid("saml-missing-status"));
		String value = code.getAttributeNS(null, "Value");
		if (SamlNames.STATUS_SUCCESS.equals(value)) {
			return;
		}
		Optional<Element> second = SamlXml.child(code, SamlNames.PROTOCOL_NS, "StatusCode");
		String specific = second.map((e) -> e.getAttributeNS(null, "Value")).filter((v) -> !v.isBlank()).orElse(value);
		String message = SamlXml.child(status, SamlNames.PROTOCOL_NS, "StatusMessage")
			.map(PlainText::of)
			.map(StatusRule::clean)
			.orElse(null);
		throw SamlRejection.denied(shortName(specific), message);
	}

	// urn:oasis:names:tc:SAML:2.0:status:AuthnFailed -> AuthnFailed; an unknown value becomes a safe token
	private static String shortName(String status) {
		String name = status.substring(status.lastIndexOf(':') + 1);
		return name.matches("[A-Za-z]{1,64}") ? name : "unknown-status";
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

package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlXml;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * The response holds exactly one assertion, as a direct child, {@code Assertion} or {@code EncryptedAssertion}
 * (profiles §4.1.4.2 allows more; we accept one), and none anywhere else in the document: an assertion tucked away
 * in {@code Extensions}, a signature's {@code Object} or inside another assertion is the material of signature
 * wrapping, and there is no reason for an honest IdP to send it.
 */
final class SingleAssertionRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        Element root = response.response();
        List<Element> direct = new ArrayList<>(SamlXml.children(root, SamlNames.ASSERTION_NS, "Assertion"));
        direct.addAll(SamlXml.children(root, SamlNames.ASSERTION_NS, "EncryptedAssertion"));
        int everywhere =
                root.getElementsByTagNameNS(SamlNames.ASSERTION_NS, "Assertion").getLength()
                        + root.getElementsByTagNameNS(SamlNames.ASSERTION_NS, "EncryptedAssertion")
                                .getLength();
        if (direct.isEmpty() && everywhere == 0) {
            throw SamlRejection.invalid("saml-no-assertion");
        }
        // an EncryptedAssertion holds no Assertion in clear, so one of either kind counts once
        if (direct.size() != 1 || everywhere != 1) {
            throw SamlRejection.invalid("saml-multiple-assertions");
        }
        response.selected(direct.get(0));
    }
}

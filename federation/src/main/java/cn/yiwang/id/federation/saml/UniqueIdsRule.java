package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.UniqueIds;

/**
 * No two elements carry the same identifier ({@link UniqueIds}): checked in the response and, once decrypted, in
 * the assertion.
 */
final class UniqueIdsRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        if (!UniqueIds.in(response.response())) {
            throw SamlRejection.invalid("saml-duplicate-id");
        }
        if (response.assertion() != null
                && response.assertion().getOwnerDocument()
                        != response.response().getOwnerDocument()
                && !UniqueIds.in(response.assertion().getOwnerDocument().getDocumentElement())) {
            throw SamlRejection.invalid("saml-duplicate-id");
        }
    }
}

package cn.yiwang.id.saml;

/** The SAML 2.0 names (namespaces, bindings, formats, status codes) both sides use. */
public final class SamlNames {

    public static final String PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";

    public static final String ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";

    public static final String METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";

    public static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

    public static final String XENC_NS = "http://www.w3.org/2001/04/xmlenc#";

    public static final String XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";

    public static final String XS_NS = "http://www.w3.org/2001/XMLSchema";

    public static final String BINDING_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

    public static final String BINDING_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

    public static final String BINDING_SOAP = "urn:oasis:names:tc:SAML:2.0:bindings:SOAP";

    public static final String SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/";

    public static final String NAMEID_PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";

    public static final String NAMEID_TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";

    public static final String NAMEID_UNSPECIFIED = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";

    public static final String NAMEID_ENTITY = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity";

    public static final String ATTRNAME_URI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";

    public static final String ATTRNAME_BASIC = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic";

    public static final String CM_BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

    public static final String STATUS_SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";

    public static final String STATUS_REQUESTER = "urn:oasis:names:tc:SAML:2.0:status:Requester";

    public static final String STATUS_RESPONDER = "urn:oasis:names:tc:SAML:2.0:status:Responder";

    public static final String STATUS_VERSION_MISMATCH = "urn:oasis:names:tc:SAML:2.0:status:VersionMismatch";

    public static final String STATUS_AUTHN_FAILED = "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed";

    public static final String STATUS_NO_PASSIVE = "urn:oasis:names:tc:SAML:2.0:status:NoPassive";

    public static final String STATUS_NO_AUTHN_CONTEXT = "urn:oasis:names:tc:SAML:2.0:status:NoAuthnContext";

    public static final String STATUS_REQUEST_DENIED = "urn:oasis:names:tc:SAML:2.0:status:RequestDenied";

    public static final String STATUS_INVALID_NAMEID_POLICY = "urn:oasis:names:tc:SAML:2.0:status:InvalidNameIDPolicy";

    public static final String STATUS_UNKNOWN_PRINCIPAL = "urn:oasis:names:tc:SAML:2.0:status:UnknownPrincipal";

    public static final String STATUS_UNSUPPORTED_BINDING = "urn:oasis:names:tc:SAML:2.0:status:UnsupportedBinding";

    public static final String STATUS_PARTIAL_LOGOUT = "urn:oasis:names:tc:SAML:2.0:status:PartialLogout";

    public static final String STATUS_REQUEST_UNSUPPORTED = "urn:oasis:names:tc:SAML:2.0:status:RequestUnsupported";

    public static final String AC_PASSWORD_PROTECTED =
            "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";

    public static final String AC_UNSPECIFIED = "urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified";

    private SamlNames() {}
}

package cn.yiwang.id.saml;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The HTTP-Redirect binding (SAML bindings §3.4): DEFLATE + base64 in the query string, signed over
 * the exact query parameters as sent ({@code SAMLRequest|SAMLResponse}, {@code RelayState},
 * {@code SigAlg}), not over the XML.
 */
public final class RedirectBinding {

    public static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

    private static final Map<String, String> ALGORITHMS = Map.of(
            RSA_SHA256,
            "SHA256withRSA",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
            "SHA384withRSA",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
            "SHA512withRSA",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
            "SHA256withECDSA");

    private RedirectBinding() {}

    /** DEFLATE (raw, no zlib header) then base64; the caller URL-encodes. */
    public static String encode(byte[] xml) {
        Deflater deflater = new Deflater(Deflater.DEFLATED, true);
        deflater.setInput(xml);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** Base64 then inflate, stopping at {@link SecureXml#MAX_BYTES} so a deflate bomb costs nothing. */
    public static byte[] decode(String value) {
        byte[] compressed;
        try {
            compressed = Base64.getMimeDecoder().decode(value);
        } catch (IllegalArgumentException ex) {
            throw new SamlException("malformed_encoding", "The message is not base64");
        }
        if (compressed.length > SecureXml.MAX_BYTES) {
            throw new SamlException("message_too_large", "The message is too large");
        }
        Inflater inflater = new Inflater(true);
        inflater.setInput(compressed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buffer, 0, n);
                if (out.size() > SecureXml.MAX_BYTES) {
                    throw new SamlException("message_too_large", "The inflated message is too large");
                }
            }
        } catch (DataFormatException ex) {
            throw new SamlException("malformed_encoding", "The message is not DEFLATE-encoded");
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }

    /**
     * The query string of a signed redirect: {@code param=..&RelayState=..&SigAlg=..&Signature=..}
     * (RSA-SHA256).
     */
    public static String signedQuery(String param, byte[] xml, String relayState, PrivateKey key) {
        StringBuilder query = new StringBuilder(param).append('=').append(urlEncode(encode(xml)));
        if (relayState != null && !relayState.isEmpty()) {
            query.append("&RelayState=").append(urlEncode(relayState));
        }
        if (key == null) {
            return query.toString();
        }
        query.append("&SigAlg=").append(urlEncode(RSA_SHA256));
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(query.toString().getBytes(StandardCharsets.UTF_8));
            query.append("&Signature=").append(urlEncode(Base64.getEncoder().encodeToString(signer.sign())));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Cannot sign the redirect", ex);
        }
        return query.toString();
    }

    /** An unsigned query: {@code param=..&RelayState=..}. */
    public static String query(String param, byte[] xml, String relayState) {
        return signedQuery(param, xml, relayState, null);
    }

    /** Whether the raw (still URL-encoded) query string carries a signature. */
    public static boolean isSigned(String rawQuery) {
        return rawParameters(rawQuery).containsKey("Signature");
    }

    /**
     * Verifies the query signature with one of the trusted certificates, over the parameters exactly as
     * they were encoded by the sender (bindings §3.4.4.1).
     */
    public static boolean verifyQuery(String rawQuery, List<X509Certificate> trusted) {
        Map<String, String> raw = rawParameters(rawQuery);
        String param = raw.containsKey("SAMLRequest") ? "SAMLRequest" : "SAMLResponse";
        if (!raw.containsKey(param) || !raw.containsKey("SigAlg") || !raw.containsKey("Signature")) {
            return false;
        }
        String algorithm = ALGORITHMS.get(urlDecode(raw.get("SigAlg")));
        if (algorithm == null) {
            return false;
        }
        StringBuilder signed = new StringBuilder(param).append('=').append(raw.get(param));
        if (raw.containsKey("RelayState")) {
            signed.append("&RelayState=").append(raw.get("RelayState"));
        }
        signed.append("&SigAlg=").append(raw.get("SigAlg"));
        byte[] signatureValue;
        try {
            signatureValue = Base64.getMimeDecoder().decode(urlDecode(raw.get("Signature")));
        } catch (IllegalArgumentException ex) {
            return false;
        }
        for (X509Certificate certificate : trusted) {
            try {
                Signature verifier = Signature.getInstance(algorithm);
                verifier.initVerify(certificate.getPublicKey());
                verifier.update(signed.toString().getBytes(StandardCharsets.UTF_8));
                if (verifier.verify(signatureValue)) {
                    return true;
                }
            } catch (GeneralSecurityException ex) {
                // a key of the wrong type for this algorithm: try the next certificate
            }
        }
        return false;
    }

    /** The first value of each parameter, still URL-encoded; a repeated SAML parameter is refused. */
    public static Map<String, String> rawParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = (eq < 0) ? pair : pair.substring(0, eq);
            String value = (eq < 0) ? "" : pair.substring(eq + 1);
            if (parameters.containsKey(name)
                    && (name.startsWith("SAML")
                            || name.equals("Signature")
                            || name.equals("SigAlg")
                            || name.equals("RelayState"))) {
                throw new SamlException("duplicate_parameter", "Repeated parameter " + name);
            }
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String urlDecode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}

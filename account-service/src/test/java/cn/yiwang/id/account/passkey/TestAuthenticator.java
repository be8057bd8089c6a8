package cn.yiwang.id.account.passkey;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A software authenticator for tests: makes a P-256 passkey and answers WebAuthn ceremonies as a
 * browser would hand them to the server (attestation {@code none}, user present and verified),
 * writing the few CBOR structures it needs by hand.
 */
final class TestAuthenticator {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;

    private final byte[] credentialId = new byte[16];

    private int counter;

    TestAuthenticator() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
        new java.security.SecureRandom().nextBytes(this.credentialId);
    }

    String credentialId() {
        return B64.encodeToString(this.credentialId);
    }

    /** The body the account center posts after {@code navigator.credentials.create()}. */
    String register(String challenge, String rpId, String origin) {
        byte[] clientData = clientData("webauthn.create", challenge, origin);
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        authData.writeBytes(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
        authData.write(0x45); // UP | UV | AT
        authData.writeBytes(ByteBuffer.allocate(4).putInt(this.counter).array());
        authData.writeBytes(new byte[16]); // AAGUID: none
        authData.writeBytes(ByteBuffer.allocate(2)
                .putShort((short) this.credentialId.length)
                .array());
        authData.writeBytes(this.credentialId);
        authData.writeBytes(coseKey());
        ByteArrayOutputStream attestation = new ByteArrayOutputStream();
        attestation.write(0xa3); // map(3)
        text(attestation, "fmt");
        text(attestation, "none");
        text(attestation, "attStmt");
        attestation.write(0xa0); // map(0)
        text(attestation, "authData");
        bytes(attestation, authData.toByteArray());
        String id = credentialId();
        return "{\"publicKey\":{\"label\":\"Test key\",\"credential\":{\"id\":\"" + id + "\",\"rawId\":\"" + id
                + "\",\"type\":\"public-key\",\"clientExtensionResults\":{},\"authenticatorAttachment\":\"platform\","
                + "\"response\":{\"attestationObject\":\"" + B64.encodeToString(attestation.toByteArray())
                + "\",\"clientDataJSON\":\"" + B64.encodeToString(clientData) + "\",\"transports\":[\"internal\"]}}}}";
    }

    /** The {@code PublicKeyCredential} of {@code navigator.credentials.get()}, as JSON. */
    String authenticate(String challenge, String rpId, String origin) {
        byte[] clientData = clientData("webauthn.get", challenge, origin);
        this.counter++;
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        authData.writeBytes(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
        authData.write(0x05); // UP | UV
        authData.writeBytes(ByteBuffer.allocate(4).putInt(this.counter).array());
        byte[] signed;
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(this.keys.getPrivate());
            signature.update(authData.toByteArray());
            signature.update(sha256(clientData));
            signed = signature.sign();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
        String id = credentialId();
        return "{\"id\":\"" + id + "\",\"rawId\":\"" + id + "\",\"type\":\"public-key\",\"clientExtensionResults\":{},"
                + "\"response\":{\"authenticatorData\":\"" + B64.encodeToString(authData.toByteArray())
                + "\",\"clientDataJSON\":\"" + B64.encodeToString(clientData) + "\",\"signature\":\""
                + B64.encodeToString(signed) + "\"}}";
    }

    private static byte[] clientData(String type, String challenge, String origin) {
        return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + origin
                        + "\",\"crossOrigin\":false}")
                .getBytes(StandardCharsets.UTF_8);
    }

    // COSE_Key (RFC 9053): {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}
    private byte[] coseKey() {
        ECPublicKey key = (ECPublicKey) this.keys.getPublic();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xa5);
        out.write(0x01);
        out.write(0x02);
        out.write(0x03);
        out.write(0x26);
        out.write(0x20);
        out.write(0x01);
        out.write(0x21);
        bytes(out, unsigned(key.getW().getAffineX()));
        out.write(0x22);
        bytes(out, unsigned(key.getW().getAffineY()));
        return out.toByteArray();
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, fixed, 32 - length, length);
        return fixed;
    }

    private static void text(ByteArrayOutputStream out, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        header(out, 0x60, utf8.length);
        out.writeBytes(utf8);
    }

    private static void bytes(ByteArrayOutputStream out, byte[] value) {
        header(out, 0x40, value.length);
        out.writeBytes(value);
    }

    private static void header(ByteArrayOutputStream out, int major, int length) {
        if (length < 24) {
            out.write(major | length);
        } else if (length < 256) {
            out.write(major | 24);
            out.write(length);
        } else {
            out.write(major | 25);
            out.write(length >> 8);
            out.write(length & 0xff);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

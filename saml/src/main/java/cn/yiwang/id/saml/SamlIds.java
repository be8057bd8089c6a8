package cn.yiwang.id.saml;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Message and assertion IDs: 128 random bits, starting with a letter-like "_" so they are valid xs:ID. */
public final class SamlIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SamlIds() {}

    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "_" + HexFormat.of().formatHex(bytes);
    }
}

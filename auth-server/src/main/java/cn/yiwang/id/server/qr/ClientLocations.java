package cn.yiwang.id.server.qr;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a client address is, for the phone to show where a sign-in comes from. No geolocation database
 * ships with the server: operators list their blocks ({@code yiwang.qr.locations}, CIDR to place name);
 * loopback and private addresses are named as such; anything else is unknown.
 */
public final class ClientLocations {

    /** Said for an address on this machine. */
    public static final String LOCAL = "本机 (local)";

    /** Said for a private network address. */
    public static final String PRIVATE = "内部网络 (private network)";

    /** Said when the address is in no listed block. */
    public static final String UNKNOWN = "未知 (unknown)";

    private record Block(BigInteger network, BigInteger mask, int bits, String name) {}

    private final List<Block> blocks = new ArrayList<>();

    public ClientLocations(Map<String, String> cidrs) {
        cidrs.forEach((cidr, name) -> this.blocks.add(parse(cidr, name)));
        // the most specific block wins
        this.blocks.sort((a, b) -> Integer.compare(b.mask().bitCount(), a.mask().bitCount()));
    }

    public String of(String address) {
        InetAddress inet;
        try {
            if (address == null || address.isBlank() || !address.matches("[0-9A-Fa-f:.]+")) {
                return UNKNOWN;
            }
            inet = InetAddress.getByName(address);
        } catch (UnknownHostException ex) {
            return UNKNOWN;
        }
        BigInteger value = new BigInteger(1, inet.getAddress());
        int bits = inet.getAddress().length * 8;
        for (Block block : this.blocks) {
            if (block.bits() == bits && value.and(block.mask()).equals(block.network())) {
                return block.name();
            }
        }
        if (inet.isLoopbackAddress()) {
            return LOCAL;
        }
        if (inet.isSiteLocalAddress() || inet.isLinkLocalAddress()) {
            return PRIVATE;
        }
        return UNKNOWN;
    }

    private static Block parse(String cidr, String name) {
        String[] parts = cidr.split("/");
        try {
            byte[] address = InetAddress.getByName(parts[0]).getAddress();
            int bits = address.length * 8;
            int prefix = (parts.length > 1) ? Integer.parseInt(parts[1]) : bits;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("yiwang.qr.locations: bad prefix in " + cidr);
            }
            BigInteger mask = BigInteger.ONE
                    .shiftLeft(bits)
                    .subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
            return new Block(new BigInteger(1, address).and(mask), mask, bits, name);
        } catch (UnknownHostException | NumberFormatException ex) {
            throw new IllegalArgumentException("yiwang.qr.locations: not a CIDR block: " + cidr, ex);
        }
    }
}

package cn.yiwang.id.account.otp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reduces a client address to what per-address limits count: an IPv4 address whole, an IPv6
 * address by its /64 prefix.
 *
 * <p>One IPv6 subscriber is routinely given a whole /64, so counting single IPv6 addresses would
 * give an abuser billions of fresh allowances.
 */
final class ClientAddresses {

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    // hex digits, colons and dots, starting with a hex digit or a colon: the only shapes for which
    // InetAddress parses a literal and never falls back to a DNS look-up
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-f:][0-9a-f:.]*:[0-9a-f:.]*");

    private ClientAddresses() {}

    /**
     * Returns the form of a client address that limits count.
     * @param clientIp the address the request came from, as the web layer resolved it
     * @return the IPv4 address; {@code <first four groups>::/64} for IPv6 (IPv4-mapped addresses count
     * as IPv4); anything that is not an address, trimmed and lower-cased
     * @throws IllegalArgumentException when the address is {@code null} or blank
     */
    static String limitKey(String clientIp) {
        if (clientIp == null || clientIp.isBlank()) {
            throw new IllegalArgumentException("A client address is required");
        }
        String address = clientIp.strip().toLowerCase(Locale.ROOT);
        if (IPV4.matcher(address).matches()) {
            return address;
        }
        String literal = address;
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (!IPV6_LITERAL.matcher(literal).matches()) {
            return address;
        }
        try {
            InetAddress parsed = InetAddress.getByName(literal);
            if (parsed instanceof Inet4Address) {
                return parsed.getHostAddress();
            }
            byte[] bytes = parsed.getAddress();
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
                        .append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException ex) {
            // not a valid literal: count it as given, like any other odd value
            return address;
        }
    }
}

package cn.yiwang.id.server.session;

/** Masks client addresses before they are stored: enough to recognise a network, not a household. */
public final class ClientAddresses {

    private ClientAddresses() {}

    public static String mask(String address) {
        if (address == null || address.isBlank()) {
            return "";
        }
        if (address.contains(":")) {
            String[] groups = address.split(":");
            StringBuilder masked = new StringBuilder();
            for (int i = 0; i < Math.min(3, groups.length); i++) {
                masked.append(groups[i]).append(':');
            }
            return masked.append(":*").toString();
        }
        int lastDot = address.lastIndexOf('.');
        return (lastDot > 0) ? address.substring(0, lastDot) + ".*" : "*";
    }
}

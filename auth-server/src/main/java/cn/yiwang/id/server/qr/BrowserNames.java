package cn.yiwang.id.server.qr;

/**
 * A short, human name for a browser from its user agent ("Chrome · Windows"), for the phone to show
 * which browser asks to sign in. Rough on purpose: enough to notice "that is not my computer".
 */
public final class BrowserNames {

    private BrowserNames() {}

    public static String describe(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "?";
        }
        String ua = userAgent;
        String browser = ua.contains("MicroMessenger")
                ? "WeChat"
                : ua.contains("Edg/")
                        ? "Edge"
                        : ua.contains("Firefox/")
                                ? "Firefox"
                                : (ua.contains("Chrome/") || ua.contains("Chromium/"))
                                        ? "Chrome"
                                        : ua.contains("Safari/") ? "Safari" : "Browser";
        String system = ua.contains("Windows")
                ? "Windows"
                : ua.contains("Android")
                        ? "Android"
                        : (ua.contains("iPhone") || ua.contains("iPad"))
                                ? "iOS"
                                : ua.contains("Mac OS X") ? "macOS" : ua.contains("Linux") ? "Linux" : "?";
        return browser + " · " + system;
    }
}

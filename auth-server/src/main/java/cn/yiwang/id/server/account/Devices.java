package cn.yiwang.id.server.account;

import java.util.Locale;

/**
 * Describes a session's browser and place in words a citizen recognises ("Chrome · Android",
 * "内网地址 10.1.2.*"). There is no IP geolocation database in this deployment, so the place is the
 * masked address, with private and loopback networks named as such.
 */
public final class Devices {

    private Devices() {}

    /** The browser and system named in a user agent, or "unknown". */
    public static String describe(String userAgent, Locale locale) {
        boolean english = "en".equals(locale.getLanguage());
        if (userAgent == null || userAgent.isBlank()) {
            return english ? "Unknown browser" : "未知浏览器";
        }
        String ua = userAgent;
        String browser;
        if (ua.contains("MicroMessenger")) {
            browser = english ? "WeChat" : "微信";
        } else if (ua.contains("AlipayClient")) {
            browser = english ? "Alipay" : "支付宝";
        } else if (ua.contains("Edg/")) {
            browser = "Edge";
        } else if (ua.contains("HeadlessChrome")) {
            browser = "Chrome (headless)";
        } else if (ua.contains("Chrome/") || ua.contains("CriOS/")) {
            browser = "Chrome";
        } else if (ua.contains("Firefox/")) {
            browser = "Firefox";
        } else if (ua.contains("Safari/")) {
            browser = "Safari";
        } else {
            browser = english ? "Other browser" : "其他浏览器";
        }
        String system;
        if (ua.contains("HarmonyOS") || ua.contains("OpenHarmony")) {
            system = "HarmonyOS";
        } else if (ua.contains("Android")) {
            system = "Android";
        } else if (ua.contains("iPhone") || ua.contains("iPad")) {
            system = "iOS";
        } else if (ua.contains("Windows")) {
            system = "Windows";
        } else if (ua.contains("Mac OS X")) {
            system = "macOS";
        } else if (ua.contains("Linux")) {
            system = "Linux";
        } else {
            system = english ? "other system" : "其他系统";
        }
        return browser + " · " + system;
    }

    /** The approximate place of a masked address. */
    public static String place(String maskedAddress, Locale locale) {
        boolean english = "en".equals(locale.getLanguage());
        if (maskedAddress == null || maskedAddress.isBlank()) {
            return english ? "Unknown" : "未知";
        }
        String a = maskedAddress.toLowerCase(Locale.ROOT);
        if (a.startsWith("127.") || a.startsWith("0:0:0:") || a.startsWith("::1")) {
            return (english ? "This computer " : "本机 ") + maskedAddress;
        }
        if (a.startsWith("10.")
                || a.startsWith("192.168.")
                || isPrivate172(a)
                || a.startsWith("fd")
                || a.startsWith("fc")) {
            return (english ? "Private network " : "内网地址 ") + maskedAddress;
        }
        return (english ? "Internet address " : "公网地址 ") + maskedAddress;
    }

    private static boolean isPrivate172(String address) {
        if (!address.startsWith("172.")) {
            return false;
        }
        String[] parts = address.split("\\.");
        try {
            int second = Integer.parseInt(parts[1]);
            return second >= 16 && second <= 31;
        } catch (RuntimeException ex) {
            return false;
        }
    }
}

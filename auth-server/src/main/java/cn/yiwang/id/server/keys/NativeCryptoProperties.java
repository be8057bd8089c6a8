package cn.yiwang.id.server.keys;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether signatures use native code.
 *
 * @param nativeProvider put the Amazon Corretto Crypto Provider (AWS-LC) first among the JVM's security providers
 *     where its native library loads (Linux x86-64), and keep signing keys as its own key objects: an RS256 signature
 *     then costs about a third of the JDK's. Where it does not load, or with {@code false}, the JDK's providers sign
 */
@ConfigurationProperties("yiwang.crypto")
public record NativeCryptoProperties(@DefaultValue("true") boolean nativeProvider) {}

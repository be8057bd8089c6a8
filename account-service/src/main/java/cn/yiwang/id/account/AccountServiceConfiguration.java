package cn.yiwang.id.account;

import cn.yiwang.id.account.consent.LegalDocumentsProperties;
import cn.yiwang.id.account.crypto.CryptoProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Registers the configuration properties of the account-service module's root; each package enables its own. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({CryptoProperties.class, LegalDocumentsProperties.class})
public final class AccountServiceConfiguration {}

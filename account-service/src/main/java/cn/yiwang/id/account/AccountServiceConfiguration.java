package cn.yiwang.id.account;

import cn.yiwang.id.account.consent.LegalDocumentsProperties;
import cn.yiwang.id.account.crypto.CryptoProperties;
import cn.yiwang.id.account.password.ThrottleProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Registers the configuration properties of the account-service module. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({CryptoProperties.class, ThrottleProperties.class, LegalDocumentsProperties.class})
public final class AccountServiceConfiguration {}

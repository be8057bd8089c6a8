package cn.yiwang.id.account.otp;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import cn.yiwang.id.account.AccountTestApplication;
import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

/** {@link OneTimeCodes} as the module's Spring context wires it, with the development log-only sender. */
@SpringBootTest(classes = AccountTestApplication.class)
class OneTimeCodesIntegrationTests {

    private static final Pattern LOGGED_CODE = Pattern.compile("验证码是 (\\d{6})，");

    @Autowired
    private OneTimeCodes codes;

    @Autowired
    private SmsSender smsSender;

    @Autowired
    private StringRedisTemplate redis;

    @Autowired
    private SensitiveDataProtector protector;

    @Autowired
    private MeterRegistry meters;

    private final Logger smsLog = (Logger) LoggerFactory.getLogger(LogOnlySmsSender.class);

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    private final List<String> phones = new ArrayList<>();

    private final List<String> addressKeys = new ArrayList<>();

    @BeforeEach
    void capture() {
        this.logged.start();
        this.smsLog.addAppender(this.logged);
    }

    @AfterEach
    void cleanUp() {
        this.smsLog.detachAppender(this.logged);
        this.phones.forEach(
                (phone) -> this.redis.delete(TestOneTimeCodes.phoneKeys(this.redis, this.protector, phone)));
        this.redis.delete(this.addressKeys);
    }

    @Test
    void issueWhenDefaultSenderThenCodeReadFromLogVerifies() {
        assertThat(this.smsSender).isInstanceOf(LogOnlySmsSender.class);
        String phone = TestOneTimeCodes.phone();
        this.phones.add(phone);
        String ip = TestOneTimeCodes.ipv4();
        this.addressKeys.add(this.codes.addressKey(ip));
        double sentBefore = count("yiwang.otp.issued", "sent");
        double verifiedBefore = count("yiwang.otp.verified", "verified");
        assertThat(this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip)).isInstanceOf(Issued.Sent.class);
        assertThat(this.logged.list).singleElement().satisfies((event) -> {
            assertThat(event.getFormattedMessage())
                    .startsWith("SMS to " + phone.substring(0, 3) + "****" + phone.substring(7) + ": 【一网通办】")
                    .doesNotContain(phone);
        });
        Matcher code = LOGGED_CODE.matcher(this.logged.list.get(0).getFormattedMessage());
        assertThat(code.find()).isTrue();
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, code.group(1)))
                .isEqualTo(new VerifyOutcome.Verified());
        assertThat(count("yiwang.otp.issued", "sent")).isEqualTo(sentBefore + 1);
        assertThat(count("yiwang.otp.verified", "verified")).isEqualTo(verifiedBefore + 1);
    }

    private double count(String name, String outcome) {
        return this.meters
                .get(name)
                .tag("purpose", "login")
                .tag("outcome", outcome)
                .counter()
                .count();
    }
}

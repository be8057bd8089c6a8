package cn.yiwang.id.account.otp;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogOnlySmsSenderTests {

    private final Logger logger = (Logger) LoggerFactory.getLogger(LogOnlySmsSender.class);

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void capture() {
        this.appender.start();
        this.logger.addAppender(this.appender);
    }

    @AfterEach
    void release() {
        this.logger.detachAppender(this.appender);
    }

    @Test
    void sendWhenMessageThenLogsMaskedPhoneAndTextWithCodeAtInfo() {
        new LogOnlySmsSender()
                .send("13812345678", new OneTimeCodeSms(OneTimeCodePurpose.LOGIN, "123456", Duration.ofMinutes(5)));
        assertThat(this.appender.list).singleElement().satisfies((event) -> {
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
            assertThat(event.getFormattedMessage())
                    .isEqualTo("SMS to 138****5678: 【一网通办】您的登录验证码是 123456，5 分钟内有效。请勿告诉他人。")
                    .doesNotContain("13812345678");
        });
    }
}

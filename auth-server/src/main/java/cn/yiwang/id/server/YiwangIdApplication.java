package cn.yiwang.id.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the Yiwang ID authorization server. */
@SpringBootApplication(scanBasePackages = "cn.yiwang.id")
@ConfigurationPropertiesScan("cn.yiwang.id.server")
public class YiwangIdApplication {

    public static void main(String[] args) {
        SpringApplication.run(YiwangIdApplication.class, args);
    }
}

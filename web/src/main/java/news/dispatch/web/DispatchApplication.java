package news.dispatch.web;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Dispatch: tag digests, breaking-news alerts and subscriber management for a newsroom, in one process. */
@SpringBootApplication(scanBasePackages = "news.dispatch")
@ConfigurationPropertiesScan("news.dispatch")
public class DispatchApplication {

    public static void main(String[] args) {
        SpringApplication.run(DispatchApplication.class, args);
    }
}

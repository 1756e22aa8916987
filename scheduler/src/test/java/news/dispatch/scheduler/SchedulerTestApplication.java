package news.dispatch.scheduler;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Boots core, mailer and scheduler without the web, for the scheduler's integration tests and its benchmark. */
@SpringBootApplication(scanBasePackages = "news.dispatch")
public class SchedulerTestApplication {
}

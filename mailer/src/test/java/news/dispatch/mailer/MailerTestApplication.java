package news.dispatch.mailer;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Boots core and mailer alone, for tests that send real mail through the outbox. */
@SpringBootApplication(scanBasePackages = "news.dispatch")
public class MailerTestApplication {
}

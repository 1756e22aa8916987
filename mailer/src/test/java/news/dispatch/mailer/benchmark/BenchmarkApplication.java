package news.dispatch.mailer.benchmark;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Core and mailer wired as in the app, without web or scheduler: the pipeline {@link MailerBenchmark} times. */
@SpringBootApplication(scanBasePackages = {"news.dispatch.core", "news.dispatch.mailer"}, proxyBeanMethods = false)
class BenchmarkApplication {
}

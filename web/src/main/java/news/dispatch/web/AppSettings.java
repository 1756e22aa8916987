package news.dispatch.web;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this instance runs.
 *
 * @param dataDir where the embedded H2 database keeps its files (unused when {@code spring.datasource.url} points
 *                elsewhere)
 * @param demo    load demo articles and subscribers into an empty database at start
 */
@ConfigurationProperties("dispatch")
public record AppSettings(@DefaultValue("./data") Path dataDir, @DefaultValue("true") boolean demo) {
}

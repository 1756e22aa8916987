package news.dispatch.core;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where readers reach this Dispatch.
 *
 * @param baseUrl absolute URL that links in emails and pages start with, as readers' browsers reach it
 */
@ConfigurationProperties("dispatch")
public record SiteSettings(@DefaultValue("http://localhost:8080") URI baseUrl) {

    public SiteSettings {
        if (!baseUrl.isAbsolute() || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("dispatch.base-url must be an absolute URL, was " + baseUrl);
        }
        if (!"http".equalsIgnoreCase(baseUrl.getScheme()) && !"https".equalsIgnoreCase(baseUrl.getScheme())) {
            throw new IllegalArgumentException("dispatch.base-url must be an http or https address, as readers' "
                    + "browsers open the links in their emails, was " + baseUrl);
        }
    }
}

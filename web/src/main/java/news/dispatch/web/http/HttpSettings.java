package news.dispatch.web.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what clients may send.
 *
 * @param maxBody largest request body accepted; larger ones are answered 413 before they are read
 */
@ConfigurationProperties("dispatch.http")
public record HttpSettings(@DefaultValue("2MB") DataSize maxBody) {
}

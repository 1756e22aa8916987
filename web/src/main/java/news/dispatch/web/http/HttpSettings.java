package news.dispatch.web.http;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what clients may send.
 *
 * @param maxBody largest request body accepted; larger ones are answered 413 before they are read
 * @param bodyReadTimeout longest wait for the next bytes of a request body once its headers have arrived (Tomcat's
 *        upload timeout, for every kind of body); then the connection is dropped
 * @param bodyDeadline longest a whole request body (JSON, CSV, a form) may take to arrive, however steadily it
 *        trickles in; a slower one is answered 408, so a slow client holds a server thread for this long (and one
 *        read timeout) at most. The default lets a 2 MB CSV import through an uplink of 600 kbit/s.
 * @param requestsPerClient requests one client address may have in the app at once; one more is answered 429 at
 *        once. Each holds a server thread (Tomcat has 200), so one client cannot hold them all
 */
@ConfigurationProperties("dispatch.http")
public record HttpSettings(@DefaultValue("2MB") DataSize maxBody,
                           @DefaultValue("5s") Duration bodyReadTimeout,
                           @DefaultValue("30s") Duration bodyDeadline,
                           @DefaultValue("40") int requestsPerClient) {

    public HttpSettings {
        if (requestsPerClient < 1) {
            throw new IllegalArgumentException("dispatch.http.requests-per-client must be at least 1");
        }
    }
}

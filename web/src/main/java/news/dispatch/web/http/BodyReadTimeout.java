package news.dispatch.web.http;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.stereotype.Component;

/**
 * A body that stalls is dropped after {@link HttpSettings#bodyReadTimeout()} rather than Tomcat's minute of
 * connection timeout, which would let a few silent clients hold every server thread.
 */
@Component
class BodyReadTimeout implements TomcatConnectorCustomizer {

    private final HttpSettings settings;

    BodyReadTimeout(HttpSettings settings) {
        this.settings = settings;
    }

    @Override
    public void customize(Connector connector) {
        if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
            http.setDisableUploadTimeout(false);
            http.setConnectionUploadTimeout(Math.toIntExact(settings.bodyReadTimeout().toMillis()));
        }
    }
}

package news.dispatch.web.http;

import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.stereotype.Component;

/**
 * Lets a URL with an encoded slash ({@code /api/articles/..%2Fadmin}) through Tomcat undecoded, so that Spring
 * Security's firewall refuses it and the client gets a problem detail. Tomcat's own refusal would be an HTML page of
 * its own, outside the app. Nothing decodes the slash on the way: the firewall rejects every {@code %2F}.
 */
@Component
class EncodedSlashes implements TomcatConnectorCustomizer {

    @Override
    public void customize(Connector connector) {
        connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
    }
}

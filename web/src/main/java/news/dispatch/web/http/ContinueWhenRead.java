package news.dispatch.web.http;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.stereotype.Component;

/**
 * A client that asks before sending a body ({@code Expect: 100-continue}, as curl does for anything over a megabyte)
 * is told to go on only when the body is read, so one refused on its headers alone (a body over the limit, no
 * credentials) gets its answer without sending a byte. Tomcat's default says go on to everyone at once.
 */
@Component
class ContinueWhenRead implements TomcatConnectorCustomizer {

    @Override
    public void customize(Connector connector) {
        connector.setProperty("continueResponseTiming", "onRead");
    }
}

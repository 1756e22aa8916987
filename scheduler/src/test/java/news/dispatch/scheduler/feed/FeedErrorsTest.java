package news.dispatch.scheduler.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

/** What a feed's report says went wrong reads as words an editor can act on, never as Java's internals. */
class FeedErrorsTest {

    private static final URI FEED = URI.create("https://news.example:8443/feed.xml");

    @Test
    void fetchingFailuresSayWhatIsWrongWithTheServer() {
        assertThat(FeedFetcher.inWords(new ConnectException("Connection refused"), FEED))
                .isEqualTo("nothing answers at news.example:8443 (the server is down, or the address or port is wrong)");
        assertThat(FeedFetcher.inWords(new UnknownHostException("news.example: Name or service not known"), FEED))
                .isEqualTo("there is no host named news.example (check the address)");
        assertThat(FeedFetcher.inWords(new SSLHandshakeException("PKIX path building failed"), FEED))
                .isEqualTo("no secure connection could be made to news.example:8443 (its certificate or TLS setup)");
    }

    @Test
    void brokenXmlIsDescribedNotQuoted() {
        assertThatThrownBy(() -> FeedReader.read("Service temporarily unavailable <rss/>"
                .getBytes(StandardCharsets.UTF_8), FEED))
                .isInstanceOf(FeedUnreadable.class)
                .hasMessage("not a readable RSS or Atom feed: it does not start as XML does: there is text before its "
                        + "first tag (line 1)")
                .message().doesNotContain("prolog", "ParseError", "Exception");
        assertThatThrownBy(() -> FeedReader.read("<rss version=\"2.0\"><channel><title>cut".getBytes(
                StandardCharsets.UTF_8), FEED))
                .isInstanceOf(FeedUnreadable.class)
                .message().startsWith("not a readable RSS or Atom feed: it ").doesNotContain("ParseError");
    }
}

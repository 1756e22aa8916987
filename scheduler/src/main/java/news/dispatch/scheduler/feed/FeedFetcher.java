package news.dispatch.scheduler.feed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import news.dispatch.core.net.PublicHosts;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.util.Timeout;

/**
 * Fetches a feed with a conditional GET (ETag, Last-Modified). One deadline covers the whole fetch: connecting,
 * the headers, every redirect and the last byte of the body, so a server that trickles or stalls is cut off; the
 * body is capped in size. Redirects are followed here, at most {@value #MAX_REDIRECTS}, each to http(s) only, and
 * every host, the first included, must pass {@link FeedHosts} at the moment it is connected to.
 */
final class FeedFetcher implements AutoCloseable {

    static final int MAX_REDIRECTS = 5;
    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]+)");

    private final CloseableHttpClient http;
    private final ScheduledExecutorService deadlines;
    private final Duration timeout;
    private final long maxBytes;

    FeedFetcher(FeedHosts hosts, Duration timeout, long maxBytes) {
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(hosts)
                        .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                                .http1Config(Http1Config.custom().setMaxLineLength(8 * 1024).setMaxHeaderCount(100)
                                        .build())
                                .build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(timeout))
                                .setSocketTimeout(Timeout.of(timeout)).build())
                        .build())
                // Always straight to the feed's host: a proxy would be the address checked, not the feed's.
                .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
                .disableRedirectHandling()
                .disableAutomaticRetries()
                // Compressed answers (gzip, deflate) are asked for and unpacked: some servers send them unasked. The
                // size limit counts the unpacked bytes, so a small body that unpacks to gigabytes stops at it.
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("Dispatch feed reader")
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "feed-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    /**
     * What the server answered; {@code body} is {@code null} when it said the feed has not changed (304), and
     * {@code charset} the one its {@code Content-Type} names, if any; {@code movedTo}, where the feed answered when
     * every redirect on the way said it moved for good (301, 308), else null.
     */
    record Fetched(byte[] body, String charset, String etag, String lastModified, URI movedTo) {

        boolean unchanged() {
            return body == null;
        }
    }

    Fetched fetch(URI url, String etag, String lastModified) throws FeedUnreadable {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI current = url;
        boolean moved = true;
        for (int redirects = 0; ; redirects++) {
            checkScheme(current, redirects);
            HttpGet get = new HttpGet(current);
            get.setHeader("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5");
            get.setHeader("Connection", "close");
            if (etag != null) {
                get.setHeader("If-None-Match", etag);
            }
            if (lastModified != null) {
                get.setHeader("If-Modified-Since", lastModified);
            }
            get.setConfig(limits(deadline));
            // Closing the connection is what unblocks a read that waits on a silent server.
            ScheduledFuture<?> cutOff = deadlines.schedule(get::cancel, remaining(deadline), TimeUnit.NANOSECONDS);
            ClassicHttpResponse response = null;
            try {
                response = http.executeOpen(null, get, null);
                int status = response.getCode();
                if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                    if (redirects == MAX_REDIRECTS) {
                        throw new FeedUnreadable("more than " + MAX_REDIRECTS + " redirects", null);
                    }
                    current = redirect(current, response.getFirstHeader("Location"));
                    moved &= status == 301 || status == 308;
                    continue;
                }
                URI movedTo = moved && redirects > 0 && !current.equals(url) ? current : null;
                if (status == 304) {
                    return new Fetched(null, null, etag, lastModified, movedTo);
                }
                if (status != 200) {
                    throw new FeedUnreadable("the server answered HTTP " + status, null);
                }
                return new Fetched(body(response.getEntity(), deadline), charset(value(response, "Content-Type")),
                        value(response, "ETag"), value(response, "Last-Modified"), movedTo);
            } catch (PublicHosts.HostRefused e) {
                throw new FeedUnreadable("refused: " + e.getMessage() + (redirects == 0 ? ""
                        : " (redirected there from " + url.getHost() + ")")
                        + "; only an admin can allow a host (dispatch.feeds.allowed-hosts)", e);
            } catch (IOException | IllegalStateException e) {
                // Every timeout is the deadline's remainder, which the socket's takes in whole milliseconds: it can
                // end a moment before the deadline does.
                if (System.nanoTime() - deadline >= 0 || e instanceof SocketTimeoutException
                        || e instanceof ConnectTimeoutException) {
                    throw tooSlow(e);
                }
                throw new FeedUnreadable("could not be fetched: " + inWords(e, current), e);
            } finally {
                cutOff.cancel(false);
                // Without this, closing an unread body would read it to its end first, however long that takes.
                get.cancel();
                close(response);
            }
        }
    }

    /** What went wrong on the way, in words an editor can act on rather than the exception's class. */
    static String inWords(Exception e, URI url) {
        String host = url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        if (e instanceof UnknownHostException) {
            return "there is no host named " + url.getHost() + " (check the address)";
        }
        if (e instanceof ConnectException) {
            return "nothing answers at " + host + " (the server is down, or the address or port is wrong)";
        }
        if (e instanceof NoRouteToHostException) {
            return host + " cannot be reached from here";
        }
        if (e instanceof SSLException) {
            return "no secure connection could be made to " + host + " (its certificate or TLS setup)";
        }
        if (e instanceof SocketException || e instanceof NoHttpResponseException) {
            return host + " closed the connection before answering";
        }
        return "the connection to " + host + " failed (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage()) + ")";
    }

    private static void checkScheme(URI url, int redirects) throws FeedUnreadable {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            String target = scheme.isEmpty() ? "an address without a scheme" : "a " + scheme + ": address";
            throw new FeedUnreadable(redirects == 0 ? "only http and https feeds are polled"
                    : "redirected to " + target + "; only http and https are followed", null);
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw new FeedUnreadable((redirects == 0 ? "" : "redirected to ") + "an address without a host", null);
        }
    }

    private static URI redirect(URI from, Header location) throws FeedUnreadable {
        if (location == null || location.getValue().isBlank()) {
            throw new FeedUnreadable("a redirect without a Location", null);
        }
        try {
            return from.resolve(location.getValue().strip());
        } catch (IllegalArgumentException e) {
            throw new FeedUnreadable("a redirect to an invalid address", e);
        }
    }

    /** The deadline's remainder bounds each step, so a fresh connection late in a redirect chain cannot outlast it. */
    @SuppressWarnings("deprecation") // the per-request connect timeout is the one that can follow the deadline
    private static RequestConfig limits(long deadline) {
        Timeout left = Timeout.of(Math.max(1, remaining(deadline)), TimeUnit.NANOSECONDS);
        return RequestConfig.custom().setConnectTimeout(left).setResponseTimeout(left)
                .setConnectionRequestTimeout(left).build();
    }

    private byte[] body(HttpEntity entity, long deadline) throws IOException, FeedUnreadable {
        if (entity == null) {
            return new byte[0];
        }
        if (entity.getContentLength() > maxBytes) {
            throw tooLarge();
        }
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        InputStream in = entity.getContent();
        for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
            if (read.size() + (long) n > maxBytes) {
                throw tooLarge();
            }
            read.write(buffer, 0, n);
            if (System.nanoTime() - deadline >= 0) {
                throw tooSlow(null);
            }
        }
        return read.toByteArray();
    }

    private FeedUnreadable tooLarge() {
        return new FeedUnreadable("larger than the limit of " + maxBytes + " bytes", null);
    }

    private FeedUnreadable tooSlow(Exception cause) {
        String limit = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
        return new FeedUnreadable("no complete answer within " + limit, cause);
    }

    private static long remaining(long deadline) {
        return deadline - System.nanoTime();
    }

    static String charset(String contentType) {
        Matcher charset = contentType == null ? null : CHARSET.matcher(contentType);
        return charset != null && charset.find() ? charset.group(1) : null;
    }

    private static String value(ClassicHttpResponse response, String header) {
        Header found = response.getFirstHeader(header);
        return found == null ? null : found.getValue();
    }

    private static void close(ClassicHttpResponse response) {
        if (response != null) {
            try {
                response.close();
            } catch (IOException ignored) {
                // The connection is gone either way; what the feed answered is already decided.
            }
        }
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }
}

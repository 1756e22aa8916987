package news.dispatch.scheduler.feed;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Fetches a feed with a conditional GET (ETag, Last-Modified), within a time and a size limit, following
 * redirects only to http(s).
 */
final class FeedFetcher {

    private final HttpClient http;
    private final Duration timeout;
    private final long maxBytes;

    FeedFetcher(Duration timeout, long maxBytes) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    /** What the server answered; {@code body} is {@code null} when it said the feed has not changed (304). */
    record Fetched(byte[] body, String etag, String lastModified) {

        boolean unchanged() {
            return body == null;
        }
    }

    Fetched fetch(URI url, String etag, String lastModified) throws FeedUnreadable {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).GET()
                .header("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5")
                .header("User-Agent", "Dispatch feed reader");
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            request.header("If-Modified-Since", lastModified);
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                String newEtag = response.headers().firstValue("ETag").orElse(null);
                String newLastModified = response.headers().firstValue("Last-Modified").orElse(null);
                if (response.statusCode() == 304) {
                    return new Fetched(null, etag, lastModified);
                }
                if (response.statusCode() != 200) {
                    throw new FeedUnreadable("the server answered HTTP " + response.statusCode(), null);
                }
                return new Fetched(limited(body), newEtag, newLastModified);
            }
        } catch (HttpTimeoutException e) {
            throw new FeedUnreadable("no answer within " + timeout.toSeconds() + " s", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new FeedUnreadable("could not be fetched: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedUnreadable("interrupted", e);
        }
    }

    private byte[] limited(InputStream body) throws IOException, FeedUnreadable {
        byte[] read = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (read.length > maxBytes) {
            throw new FeedUnreadable("larger than the limit of " + maxBytes + " bytes", null);
        }
        return read;
    }
}

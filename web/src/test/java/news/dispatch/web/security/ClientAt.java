package news.dispatch.web.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.SSLSession;

import news.dispatch.web.ApiClient;
import news.dispatch.web.Browser;

/**
 * A browser without scripts, or an API client, whose requests come from a loopback address of the test's choosing
 * (127.0.0.2, 127.0.0.3 …: Linux answers the whole of 127/8 on the loopback interface), so that the app sees several
 * clients. Java 17's HttpClient cannot choose the address it sends from, so this speaks HTTP/1.0 over a socket: one
 * request per connection, no chunked answers to decode.
 */
final class ClientAt {

    private final int port;
    private final InetAddress from;
    private final CookieManager cookies = new CookieManager();

    ClientAt(int port, String address) {
        this.port = port;
        try {
            this.from = InetAddress.getByName(address);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Browser.Page get(String path) {
        return new Browser.Page(send("GET", path, Map.of("Accept", "text/html"), ""));
    }

    /** Posts a form; {@code fields} are name, value, name, value … */
    Browser.Page post(String path, String... fields) {
        String body = Stream.iterate(0, i -> i < fields.length, i -> i + 2)
                .map(i -> encode(fields[i]) + "=" + encode(fields[i + 1]))
                .collect(Collectors.joining("&"));
        return new Browser.Page(send("POST", path, Map.of("Accept", "text/html",
                "Content-Type", "application/x-www-form-urlencoded"), body));
    }

    /** Signs in through the login form. */
    Browser.Page signIn(String username, String password) {
        Browser.Page login = get("/login");
        return post("/login", "username", username, "password", password, "_csrf", login.csrf());
    }

    /** An API GET with HTTP Basic. */
    ApiClient.Answer getAs(String username, String password, String path) {
        String basic = Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        return new ApiClient.Answer(send("GET", path, Map.of("Authorization", "Basic " + basic), ""));
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) {
        URI uri = URI.create("http://localhost:" + port + path);
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.0\r\nHost: localhost:" + port
                + "\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        try (Socket socket = new Socket()) {
            cookies.get(uri, Map.of()).forEach((name, values) -> values.forEach(value -> request.append(name)
                    .append(": ").append(value).append("\r\n")));
            request.append("Content-Length: ").append(content.length).append("\r\n\r\n");
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            Answer answer = Answer.parse(uri, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            cookies.put(uri, answer.headers().map());
            return answer;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** What came back, as the tests' other clients hand it over. */
    private record Answer(URI uri, int statusCode, HttpHeaders headers, String body) implements HttpResponse<String> {

        static Answer parse(URI uri, String raw) {
            int end = raw.indexOf("\r\n\r\n");
            String[] lines = raw.substring(0, end).split("\r\n");
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).strip(), name -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
            return new Answer(uri, Integer.parseInt(lines[0].split(" ")[1]), HttpHeaders.of(headers, (n, v) -> true),
                    raw.substring(end + 4));
        }

        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(uri).build();
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}

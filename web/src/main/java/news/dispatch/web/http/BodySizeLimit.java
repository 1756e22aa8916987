package news.dispatch.web.http;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import news.dispatch.web.problem.BodyTooLarge;
import news.dispatch.web.problem.BodyTooSlow;
import news.dispatch.web.problem.Problems;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses oversized bodies with 413, whether they announce their length or arrive chunked, before anything
 * reads them into memory; and bodies that take longer than {@link HttpSettings#bodyDeadline()} to arrive, or stall
 * past {@link HttpSettings#bodyReadTimeout()}, with 408. A form (url-encoded or multipart) posted to any address is
 * read here, under the same limits, rather than by Tomcat, which would wait for it as long as bytes keep trickling in.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
@EnableConfigurationProperties(HttpSettings.class)
class BodySizeLimit extends OncePerRequestFilter {

    private static final long DROPPING_FOR_NANOS = 1_000_000_000L;
    private static final String IMPORT_PAGE = "/admin/subscribers/import";
    /** The editor's article form, posted to {@code /editor/articles} (a new story) or {@code /editor/articles/{id}}. */
    private static final Pattern ARTICLE_FORM = Pattern.compile("/editor/articles(?:/([0-9]{1,18}))?");

    private final long maxBytes;
    private final long deadlineNanos;
    private final Problems problems;

    BodySizeLimit(HttpSettings settings, Problems problems) {
        this.maxBytes = settings.maxBody().toBytes();
        this.deadlineNanos = settings.bodyDeadline().toNanos();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            tooLarge(request, response);
            if (!"100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
                dropTheRest(request, response);
            }
            return;
        }
        LimitedRequest limited = new LimitedRequest(request, maxBytes, deadlineNanos);
        HttpServletRequest passed = limited;
        try {
            if (PostedForm.isForm(request)) {
                passed = PostedForm.read(limited);
            } else if (PostedParts.isMultipart(request)) {
                passed = PostedParts.read(limited);
            }
            chain.doFilter(passed, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (limited.refusal == null || response.isCommitted()) {
                throw e;
            }
        }
        if (limited.refusal != null && !response.isCommitted()) {
            response.reset();
            if (limited.refusal instanceof BodyTooLarge) {
                tooLarge(request, response);
            } else {
                problems.write(request, response, HttpStatus.REQUEST_TIMEOUT, limited.refusal.getMessage());
            }
        }
        if (limited.refusal instanceof BodyTooLarge) {
            dropTheRest(request, response);
        }
    }

    /**
     * The problem, or for a form post that a page of its own answers, that page again saying so: an admin's export of
     * 20,000 readers is over the default limit for the import page, an editor's story pasted whole for the article
     * form, and both answered the problem's JSON alone (the article form until the QA of 7 December).
     */
    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String page = "POST".equals(request.getMethod()) ? formPage(request.getRequestURI()) : null;
        if (page != null) {
            response.setStatus(HttpStatus.SEE_OTHER.value());
            response.setHeader("Location", request.getContextPath() + page + "?tooLarge=" + maxBytes / 1024 + "KB");
            return;
        }
        problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE,
                "The request body is larger than the limit of " + maxBytes + " bytes.");
    }

    /** The page whose form posts to this address, or null for an address no page's form posts to (the API's). */
    private static String formPage(String uri) {
        if (IMPORT_PAGE.equals(uri)) {
            return IMPORT_PAGE;
        }
        Matcher article = ARTICLE_FORM.matcher(uri);
        if (article.matches()) {
            return article.group(1) == null ? "/editor/articles/new" : "/editor/articles/" + article.group(1) + "/edit";
        }
        return null;
    }

    /**
     * Sends the answer, then reads and drops what follows of the refused body, for a second at most (a cap in bytes
     * would leave the rest of a body just over it unread, and its sender reset). Closing on unread bytes resets the
     * connection, and a client still sending loses the answer in flight; one that asked to be told before sending
     * ({@code Expect: 100-continue}) sends nothing, and is not waited for.
     */
    private void dropTheRest(HttpServletRequest request, HttpServletResponse response) {
        byte[] buffer = new byte[8192];
        long until = System.nanoTime() + DROPPING_FOR_NANOS;
        try {
            response.flushBuffer();
            ServletInputStream body = request.getInputStream();
            while (System.nanoTime() < until && body.read(buffer) >= 0) {
                // Each piece is dropped as it comes.
            }
        } catch (IOException | IllegalStateException gone) {
            // The client went away or stalled; Tomcat closes the connection either way.
        }
    }

    /** Counts and times what is read of a body, and stops at the limit or the deadline. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;
        private final long deadlineNanos;
        private ServletInputStream stream;
        private IOException refusal;

        LimitedRequest(HttpServletRequest request, long maxBytes, long deadlineNanos) {
            super(request);
            this.maxBytes = maxBytes;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream body = super.getInputStream();
                // The socket's time, not the newsroom's: elapsed real time, whatever the application's clock says.
                long started = System.nanoTime();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int next;
                        try {
                            next = body.read();
                        } catch (IOException e) {
                            throw refusedIfStalled(e);
                        }
                        count(next >= 0 ? 1 : 0);
                        return next;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n;
                        try {
                            n = body.read(buffer, offset, length);
                        } catch (IOException e) {
                            throw refusedIfStalled(e);
                        }
                        count(Math.max(n, 0));
                        return n;
                    }

                    private void count(int n) throws IOException {
                        read += n;
                        if (read > maxBytes) {
                            throw refuse(new BodyTooLarge(maxBytes));
                        }
                        if (System.nanoTime() - started > deadlineNanos) {
                            throw refuse(new BodyTooSlow());
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return body.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return body.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        body.setReadListener(listener);
                    }
                };
            }
            return stream;
        }

        /** Tomcat reports a body that stalled past its upload timeout as the client going away. */
        private IOException refusedIfStalled(IOException failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof SocketTimeoutException) {
                    return refuse(new BodyTooSlow());
                }
            }
            return failure;
        }

        private IOException refuse(IOException reason) {
            refusal = reason;
            return reason;
        }
    }
}

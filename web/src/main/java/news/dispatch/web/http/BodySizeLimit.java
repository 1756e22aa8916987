package news.dispatch.web.http;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import news.dispatch.web.problem.Problems;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses oversized bodies with 413, whether they announce their length or arrive chunked, before anything
 * reads them into memory.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@EnableConfigurationProperties(HttpSettings.class)
class BodySizeLimit extends OncePerRequestFilter {

    private final long maxBytes;
    private final Problems problems;

    BodySizeLimit(HttpSettings settings, Problems problems) {
        this.maxBytes = settings.maxBody().toBytes();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            tooLarge(response);
            return;
        }
        LimitedRequest limited = new LimitedRequest(request, maxBytes);
        try {
            chain.doFilter(limited, response);
        } catch (ServletException | RuntimeException e) {
            if (!limited.exceeded() || response.isCommitted()) {
                throw e;
            }
            response.reset();
            tooLarge(response);
        }
        if (limited.exceeded() && !response.isCommitted()) {
            response.reset();
            tooLarge(response);
        }
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        problems.write(response, HttpStatus.CONTENT_TOO_LARGE,
                "The request body is larger than the limit of " + maxBytes + " bytes.");
    }

    /** Counts what is read of a body without a declared length and stops at the limit. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;
        private ServletInputStream stream;
        private boolean exceeded;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        boolean exceeded() {
            return exceeded;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream body = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int next = body.read();
                        if (next >= 0) {
                            count(1);
                        }
                        return next;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = body.read(buffer, offset, length);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws IOException {
                        read += n;
                        if (read > maxBytes) {
                            exceeded = true;
                            throw new BodyTooLarge(maxBytes);
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
    }
}

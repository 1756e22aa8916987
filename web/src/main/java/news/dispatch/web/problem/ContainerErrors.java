package news.dispatch.web.problem;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * What a request gets when Tomcat refuses it before any servlet, so that neither the app's filters nor its error page
 * ever see it: a path whose {@code %} escapes are broken or do not decode ({@code /api/articles/%zz}, {@code %ff},
 * {@code %00}). Tomcat's host answered those with an HTML page of its own; this answers them as the app answers every
 * other error, a problem detail, or a page in Dispatch's style for a browser. Errors the app answers itself pass
 * through untouched: Tomcat calls on its host's report only for an error nothing else reported.
 */
@Component
class ContainerErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final Problems problems;
    private final ObjectProvider<BrowserErrorPages> pages;

    ContainerErrors(Problems problems, ObjectProvider<BrowserErrorPages> pages) {
        this.problems = problems;
        this.pages = pages;
    }

    /** After Spring Boot's own customizer, which puts Tomcat's report on the host, so that this one replaces it. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Container host = context.getParent();
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new Report());
            // The host adds a report of this class when it starts unless it finds one in its pipeline.
            if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(Report.class.getName());
            }
        });
    }

    /**
     * Tomcat maps no part of the app to a request it could not read: an address it could not decode or normalise, or
     * an address or headers longer than it reads (QA met the first reason alone for a query of 8 KB).
     */
    private static String detail(HttpStatus status, Request request) {
        if (status == HttpStatus.BAD_REQUEST && request.getContext() == null) {
            return "The request could not be read: a % escape in its path is broken or is not UTF-8, the path leads "
                    + "above the site's root, or its address or headers are longer than the server reads (8 KB).";
        }
        return ErrorProblems.detail(status);
    }

    private static boolean asksForHtml(String accept) {
        if (accept == null) {
            return false;
        }
        try {
            List<MediaType> types = MediaType.parseMediaTypes(accept);
            return types.stream().anyMatch(type -> MediaType.TEXT_HTML.equalsTypeAndSubtype(type)
                    && type.getQualityValue() > 0);
        } catch (InvalidMediaTypeException malformed) {
            return false;
        }
    }

    private final class Report extends ErrorReportValve {

        Report() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            HttpStatus status = HttpStatus.resolve(response.getStatus());
            if (status == null || status.value() < 400 || response.getContentWritten() > 0
                    || !response.setErrorReported()) {
                return;
            }
            BrowserErrorPages browsers = pages.getIfAvailable();
            try {
                if (browsers != null && asksForHtml(request.getHeader(HttpHeaders.ACCEPT))) {
                    response.setContentType(MediaType.TEXT_HTML_VALUE);
                    response.setCharacterEncoding("UTF-8");
                    PrintWriter writer = response.getReporter();
                    if (writer != null) {
                        writer.write(browsers.page(request, status));
                    }
                } else {
                    problems.write(request, response, status, detail(status, request));
                }
                response.finishResponse();
            } catch (IOException | IllegalStateException gone) {
                // The client went away, or the response was taken; either way there is nobody left to tell.
            }
        }
    }
}

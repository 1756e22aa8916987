package news.dispatch.web.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core, the accessibility checker, run inside the page the browser shows, from its npm package (`npm install -g
 * axe-core`, which {@code .ci/run} does when it is missing). Where it is missing the checks are skipped, except in CI
 * ({@code CI=true}), where they must run.
 */
final class Axe {

    private static final List<Path> SCRIPTS = List.of(Path.of("/usr/lib/node_modules/axe-core/axe.min.js"),
            Path.of("/usr/local/lib/node_modules/axe-core/axe.min.js"));

    /** The WCAG 2.1 A and AA rules: what the pages are held to. */
    private static final String RUN = """
            var done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
              .then(function (result) {
                done(result.violations.map(function (v) {
                  return v.id + ': ' + v.help + ' (' + v.nodes.slice(0, 3).map(function (n) {
                    return n.target.join(' ');
                  }).join(', ') + ')';
                }));
              }, function (error) { done(['axe could not run: ' + error]); });
            """;

    private final String source;

    private Axe(String source) {
        this.source = source;
    }

    static Axe load() throws IOException {
        for (Path script : SCRIPTS) {
            if (Files.isReadable(script)) {
                return new Axe(Files.readString(script));
            }
        }
        String missing = "axe-core is missing (npm install -g axe-core)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI runs the accessibility checks, but " + missing);
        }
        Assumptions.abort("Accessibility checks skipped: " + missing);
        return null;
    }

    /** The WCAG violations axe finds in the page shown now, each with up to three of the elements at fault. */
    @SuppressWarnings("unchecked")
    List<String> violations(WebDriver browser) {
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        ((JavascriptExecutor) browser).executeScript(source);
        return (List<String>) ((JavascriptExecutor) browser).executeAsyncScript(RUN);
    }
}

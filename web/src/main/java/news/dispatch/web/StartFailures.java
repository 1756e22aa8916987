package news.dispatch.web;

import news.dispatch.core.RefusedSetting;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Says in a few lines, instead of a stack trace of a hundred, why the app did not start when an operator's setting is
 * to blame but the binding of settings could not see it: a setting refused as it was put to use (a DKIM key file, the
 * data folder).
 */
public final class StartFailures implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RefusedSetting refused) {
                return new FailureAnalysis(refused.getMessage(), "Correct " + refused.setting()
                        + " (or its environment variable), then start Dispatch again.", refused);
            }
        }
        return null;
    }
}

package news.dispatch.web;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

import news.dispatch.core.RefusedSetting;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

/**
 * Says in a few lines, instead of a stack trace of a hundred, why the app did not start when an operator's setting is
 * to blame but the binding of settings could not see it: a setting refused as it was put to use, or a data folder
 * the embedded database cannot be made in (a file in its path, a read-only disk).
 */
public final class StartFailures implements FailureAnalyzer {

    private final Environment environment;

    public StartFailures(Environment environment) {
        this.environment = environment;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RefusedSetting refused) {
                return new FailureAnalysis(refused.getMessage(), "Correct " + refused.setting()
                        + " (or its environment variable), then start Dispatch again.", refused);
            }
            if (cause instanceof FileSystemException files && files.getFile() != null && inDataDir(files.getFile())) {
                return new FailureAnalysis("The embedded database cannot be kept in dispatch.data-dir ("
                        + dataDir() + "): " + files.getClass().getSimpleName() + " on " + files.getFile()
                        + (files.getReason() == null ? "" : " (" + files.getReason() + ")") + ".",
                        "Set dispatch.data-dir (DISPATCH_DATA_DIR) to a folder this user may write in, or to a path "
                                + "where one can be made, then start Dispatch again.", files);
            }
        }
        return null;
    }

    private boolean inDataDir(String file) {
        return Path.of(file).toAbsolutePath().normalize().startsWith(dataDir());
    }

    private Path dataDir() {
        return Path.of(environment.getProperty("dispatch.data-dir", "./data")).toAbsolutePath().normalize();
    }
}

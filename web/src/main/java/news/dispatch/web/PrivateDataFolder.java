package news.dispatch.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Makes the embedded database's folder, when it is not there yet, readable by this user only: its files hold what
 * Dispatch keeps secret (webhook secrets, a generated DKIM key and links secret), and H2 writes them as the umask
 * allows, often readable by every user of the machine. A folder the operator made is left as they made it. Where
 * the folder cannot be made, H2 fails on it a moment later, and {@link StartFailures} says why.
 */
public final class PrivateDataFolder implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Environment environment = event.getEnvironment();
        if (!environment.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:file:")) {
            return;
        }
        Path folder = Path.of(environment.getProperty("dispatch.data-dir", "./data"));
        if (Files.exists(folder)) {
            return;
        }
        try {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException | IOException notMadeHere) {
            // Not a POSIX file system (H2 makes the folder as the system does), or no folder can be made there.
        }
    }
}

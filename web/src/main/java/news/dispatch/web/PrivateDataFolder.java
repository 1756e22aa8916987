package news.dispatch.web;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

import news.dispatch.core.RefusedSetting;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The embedded database's folder, made before any bean (the database's first) when it is not there yet, readable by
 * this user only: its files hold what Dispatch keeps secret (webhook secrets, a generated DKIM key and links
 * secret), and H2 writes them as the umask allows, often readable by every user of the machine. A folder the
 * operator made is left as they made it. One that cannot be a folder (a file in its path) or is not writable stops
 * the start here, named in a few lines ({@link StartFailures}), before H2 fails on it with a stack trace of its own.
 */
@Component
class PrivateDataFolder implements BeanFactoryPostProcessor, EnvironmentAware {

    /** Given by the container: a post-processor of bean definitions is made before constructors can be injected. */
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beans) {
        if (!environment.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:file:")) {
            return;
        }
        Path folder = Path.of(environment.getProperty("dispatch.data-dir", "./data")).toAbsolutePath().normalize();
        if (!Files.exists(folder)) {
            // Where permissions are not POSIX's (Windows), the folder as the system makes it.
            FileAttribute<?>[] owner = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------"))}
                    : new FileAttribute<?>[0];
            try {
                Files.createDirectories(folder, owner);
            } catch (IOException e) {
                String why = e instanceof FileSystemException refused && refused.getReason() != null
                        ? refused.getFile() + ": " + refused.getReason() : e.toString();
                throw new RefusedSetting("dispatch.data-dir", folder + " cannot be made (" + why + ")", e);
            }
        }
        if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
            throw new RefusedSetting("dispatch.data-dir", folder + " is not a folder this user may write in");
        }
    }
}

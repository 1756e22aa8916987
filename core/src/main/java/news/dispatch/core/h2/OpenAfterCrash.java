package news.dispatch.core.h2;

import java.io.IOException;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Before any bean, so before anything opens the embedded database: a file H2 did not close (the process killed, the
 * machine stopped) has its header pointed at its newest complete commit, which H2 alone may open the file without
 * ({@link StoreHeader}).
 */
@Component
class OpenAfterCrash implements BeanFactoryPostProcessor, EnvironmentAware {

    private static final Logger log = LoggerFactory.getLogger(OpenAfterCrash.class);

    /** Given by the container: a post-processor of bean definitions is made before constructors can be injected. */
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beans) {
        EmbeddedFile.nameIn(environment.getProperty("spring.datasource.url"))
                .map(name -> Path.of(name + ".mv.db"))
                .ifPresent(OpenAfterCrash::pointAtNewestCommit);
    }

    private static void pointAtNewestCommit(Path file) {
        try {
            StoreHeader.pointAtNewestChunk(file).ifPresent(repointed -> {
                if (repointed.versionsSaved() > 0) {
                    log.warn("The database file was not closed, and H2 would have opened it {} versions back (at {}"
                            + " of {}; a version is a commit, or a step of the file's packing): its header now names"
                            + " the newest", repointed.versionsSaved(), repointed.reached(), repointed.newest());
                } else {
                    log.info("The database file was not closed: its header now names its newest version ({})",
                            repointed.newest());
                }
            });
        } catch (IOException | RuntimeException e) {
            log.warn("The database file {} could not be looked through before H2 opens it: {}", file, e.toString());
        }
    }
}

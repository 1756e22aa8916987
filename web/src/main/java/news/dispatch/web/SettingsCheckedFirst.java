package news.dispatch.web;

import news.dispatch.core.SiteSettings;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Binds the settings an operator sets first, and that need no bean to be checked, before anything is made: bound as
 * the beans need them, a base URL that is no address was refused only once the data folder was made and the
 * migrations had run into a new database. Refused here, with Spring Boot's report of a setting it cannot bind.
 */
@Component
class SettingsCheckedFirst implements BeanFactoryPostProcessor, EnvironmentAware, Ordered {

    /** Given by the container: a post-processor of bean definitions is made before constructors can be injected. */
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beans) {
        Binder.get(environment).bind("dispatch", Bindable.of(SiteSettings.class));
    }
}

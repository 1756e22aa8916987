package news.dispatch.web.page;

import gg.jte.TemplateEngine;
import gg.jte.generated.precompiled.DynamicTemplates;
import gg.jte.generated.precompiled.Templates;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The pages' typed templates. They render through the JTE starter's engine, the one its view resolver used: the
 * classes precompiled at build time in the jar, templates reloaded as they change in development mode.
 */
@Configuration(proxyBeanMethods = false)
class PageTemplates {

    @Bean
    Templates templates(TemplateEngine engine) {
        return new DynamicTemplates(engine);
    }
}

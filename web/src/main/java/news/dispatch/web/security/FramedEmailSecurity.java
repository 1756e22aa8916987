package news.dispatch.web.security;

import news.dispatch.web.account.Role;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * An alert's email as its confirmation page shows it, in a sandboxed frame: the email's own HTML, with the inline
 * styles emails need. It gets a policy of its own (no scripts, forms, plugins or navigation; framed by our pages
 * only) in a chain of its own, ahead of the pages' catch-all chain, whose strict policy forbids any framing. Signed-in
 * editors only, through the pages' session; a stranger gets a 403.
 */
@Configuration(proxyBeanMethods = false)
class FramedEmailSecurity {

    static final String EMAIL_CONTENT_SECURITY_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; "
            + "img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    @Bean
    @Order(1)
    SecurityFilterChain framedEmail(HttpSecurity http) throws Exception {
        return http.securityMatcher(PathPatternRequestMatcher.withDefaults()
                        .matcher(HttpMethod.GET, "/editor/articles/*/alert/email"))
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole(Role.EDITOR.name()))
                .headers(headers -> headers
                        .frameOptions(frame -> frame.sameOrigin())
                        .contentSecurityPolicy(csp -> csp.policyDirectives(EMAIL_CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .build();
    }
}

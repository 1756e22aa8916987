package news.dispatch.web.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletResponse;

import news.dispatch.core.SiteSettings;
import news.dispatch.mailer.subscription.ReaderSettings;
import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.ApiTokens;
import news.dispatch.web.account.Role;
import news.dispatch.web.metrics.MetricsSettings;
import news.dispatch.web.problem.Problems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.RequestMatcherDelegatingAccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.CompositeHeaderWriter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter.XFrameOptionsMode;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Who may do what. The API takes HTTP Basic or an API token (Bearer) and keeps no session, and acts on no request a
 * browser sends from another site but a sign-up from the newsroom's own ({@code dispatch.readers.sign-up-origins});
 * pages take a login form. Readers' endpoints and pages are public: their links' tokens are the authority there.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Scripts and styles only from our own files: no inline script can run, whatever a page shows. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' https: data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    /**
     * A captured email's HTML, shown in a sandboxed frame on the mailbox page: it may style itself and show images,
     * nothing else (no scripts, forms, plugins, or navigating the page), and only these pages may frame it.
     */
    static final String EMAIL_CONTENT_SECURITY_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; "
            + "img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    /**
     * The API's rendered description (swagger-ui, {@code /admin/api}): its scripts are its own files, but it writes
     * styles into the page as it renders, and draws its icons as {@code data:} images. It shows only the document,
     * which the app writes, and may not be framed.
     */
    static final String API_VIEW_CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private static final RequestMatcher STAFF_PAGES = new OrRequestMatcher(Stream.of("/admin", "/admin/**",
                    "/editor", "/editor/**", "/account", "/account/**", "/denied")
            .map(path -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(path))
            .toList());

    private static final RequestMatcher CAPTURED_EMAIL = PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.GET, "/admin/mailbox/*/html");

    private static final RequestMatcher API_VIEW = PathPatternRequestMatcher.withDefaults()
            .matcher("/admin/swagger-ui/**");

    /** The meters in Prometheus's format, which a scraper may read with its own token. */
    private static final RequestMatcher PROMETHEUS = PathPatternRequestMatcher.withDefaults()
            .matcher("/actuator/prometheus");

    /**
     * The API's description and the meters: for admins however they signed in, with HTTP Basic or an API token as on
     * the API, or with their page session, which the rendered description ({@code /admin/api}) fetches it with. The
     * meters also for a scraper sending {@code dispatch.metrics.token}. Both are only read (no CSRF to fear), and
     * nothing here starts a session.
     */
    @Bean
    @Order(0)
    SecurityFilterChain integrations(HttpSecurity http, ProblemAuthenticationAnswers answers, ApiTokens tokens,
                                     Accounts accounts, MetricsSettings metrics) throws Exception {
        return http.securityMatcher(new OrRequestMatcher(PROMETHEUS,
                        // With .yaml too, which springdoc serves beside the JSON.
                        PathPatternRequestMatcher.withDefaults().matcher("/v3/api-docs*"),
                        PathPatternRequestMatcher.withDefaults().matcher("/v3/api-docs/**")))
                .addFilterBefore(new ScrapeTokenSignIn(PROMETHEUS, metrics), BasicAuthenticationFilter.class)
                .addFilterBefore(new ApiTokenSignIn(tokens, answers), BasicAuthenticationFilter.class)
                .addFilterBefore(new StaleSessions(accounts), AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(PROMETHEUS).hasAnyAuthority(Role.ADMIN.authority(), ScrapeTokenSignIn.SCRAPE)
                        .anyRequest().hasRole(Role.ADMIN.name()))
                .httpBasic(basic -> basic.realmName("Dispatch").authenticationEntryPoint(answers))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(answers).accessDeniedHandler(answers))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                // Nothing to return to after signing in: remembering a refused request would start a session.
                .requestCache(cache -> cache.disable())
                .build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ProblemAuthenticationAnswers answers, Problems problems,
                            SiteSettings site, ApiTokens tokens, ReaderSettings readers) throws Exception {
        if (!readers.signUpOrigins().isEmpty()) {
            http.cors(cors -> cors.configurationSource(signUpsFromOurSites(readers)));
        }
        return http.securityMatcher("/api/**", "/actuator/metrics/**", "/actuator/metrics")
                // Before any credentials are looked at: a forged request is refused whoever it would act as.
                .addFilterBefore(new CrossSiteGuard(problems, site.baseUrl(), readers),
                        BasicAuthenticationFilter.class)
                .addFilterBefore(new ApiTokenSignIn(tokens, answers), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        // Readers' endpoints, for every method: one an endpoint does not take is a 405 for anyone,
                        // not a request to sign in.
                        .requestMatchers("/api/subscriptions", "/api/subscriptions/confirm").permitAll()
                        // Authenticated by the provider's signature, which the endpoint checks.
                        .requestMatchers(HttpMethod.POST, "/api/webhooks/mailgun").permitAll()
                        .requestMatchers("/api/preferences/**").permitAll()
                        // The tags readers may follow: the forms suggest from them; followers only for staff.
                        .requestMatchers("/api/tags").permitAll()
                        .requestMatchers("/api/articles/**", "/api/articles").hasRole(Role.EDITOR.name())
                        .requestMatchers("/api/admin/**", "/actuator/metrics/**", "/actuator/metrics")
                        .hasRole(Role.ADMIN.name())
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.realmName("Dispatch").authenticationEntryPoint(answers))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(answers).accessDeniedHandler(answers))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // No session, so no CSRF token to check. A browser may still hold a Basic password for us and send it
                // with a forged request: CrossSiteGuard refuses those, and the 401 never asks a browser for one.
                .csrf(csrf -> csrf.disable())
                .build();
    }

    /**
     * The newsroom's sites may call the sign-up and read the tags from a script: a browser asks first (the sign-up's
     * JSON is not a body it sends elsewhere unasked), and is told these two, for these origins, without credentials.
     */
    private static UrlBasedCorsConfigurationSource signUpsFromOurSites(ReaderSettings readers) {
        CorsConfiguration signUp = new CorsConfiguration();
        signUp.setAllowedOrigins(readers.signUpOrigins());
        signUp.setAllowedMethods(List.of(HttpMethod.POST.name()));
        signUp.setAllowedHeaders(List.of("Content-Type", "Accept-Language"));
        signUp.setMaxAge(Duration.ofHours(1));
        CorsConfiguration tags = new CorsConfiguration();
        tags.setAllowedOrigins(readers.signUpOrigins());
        tags.setAllowedMethods(List.of(HttpMethod.GET.name()));
        tags.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource sites = new UrlBasedCorsConfigurationSource();
        sites.registerCorsConfiguration("/api/subscriptions", signUp);
        sites.registerCorsConfiguration("/api/tags", tags);
        return sites;
    }

    /**
     * Pages: a login form (failures counted by {@link LoginThrottle}), a session whose id changes at login (Spring's
     * default fixation protection) and ends when the account's password, role or state changes ({@link StaleSessions}),
     * CSRF tokens on every form, and a staff page explaining a 403.
     */
    @Bean
    @Order(2)
    SecurityFilterChain pages(HttpSecurity http, AuthenticationFailureHandler loginFailures, Accounts accounts,
                              ReaderSettings readers) throws Exception {
        RequestMatcher signUpForm = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/subscribe");
        return http
                .addFilterBefore(new StaleSessions(accounts), AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/assets/**", "/robots.txt", "/favicon.ico").permitAll()
                        // With any query (?error, ?logout): formLogin's own permitAll matches exact URLs only. A
                        // throttled sign-in is forwarded to /login/throttled, one that could not read the accounts to
                        // /login/unavailable, through this chain again.
                        .requestMatchers("/login", "/login/throttled", "/login/unavailable").permitAll()
                        .requestMatchers("/subscribe", "/subscribe/sent", "/confirm/**", "/preferences/**",
                                "/unsubscribe/**", "/follow/**")
                        .permitAll()
                        // The front page; signed-in staff are sent on to their own start page from there.
                        .requestMatchers(HttpMethod.GET, "/").permitAll()
                        .requestMatchers("/admin", "/admin/**").hasRole(Role.ADMIN.name())
                        // Published stories, which emails link to when an article has no url of its own.
                        .requestMatchers(HttpMethod.GET, "/articles", "/articles/*").permitAll()
                        // A tag's stories, and the Atom feeds of every story and of a tag's.
                        .requestMatchers(HttpMethod.GET, "/tags/*", "/feed.atom", "/tags/*/feed.atom").permitAll()
                        .anyRequest().hasRole(Role.EDITOR.name()))
                // RFC 8058 one-click: a mail client posts to the List-Unsubscribe link with neither cookie nor CSRF
                // token; the link's token is the authority. A sign-up form on the newsroom's own site cannot hold
                // our token, and its browser says where it comes from: a forged sign-up only mails a confirmation
                // link, which is the consent. Every other form keeps its CSRF token.
                .csrf(csrf -> csrf.csrfTokenRequestHandler(new MalformedCsrfTokens()).ignoringRequestMatchers(
                        PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/unsubscribe/*"),
                        request -> signUpForm.matches(request)
                                && readers.signUpAllowedFrom(request.getHeader(HttpHeaders.ORIGIN))))
                .formLogin(form -> form.loginPage("/login").failureHandler(loginFailures).permitAll())
                .exceptionHandling(handling -> handling.accessDeniedHandler(deniedPages())
                        .authenticationEntryPoint(signInOrNotFound()))
                .requestCache(cache -> cache.requestCache(staffPagesOnly()))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                // Every page gets the strict policy and may not be framed; a captured email's HTML (the admin's
                // mailbox) gets a sandbox of its own and may be framed by these pages only; the API's rendered
                // description may style itself.
                .headers(headers -> headers
                        .frameOptions(frame -> frame.disable())
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(
                                new OrRequestMatcher(CAPTURED_EMAIL, API_VIEW)), new CompositeHeaderWriter(List.of(
                                new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY),
                                new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY)))))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(CAPTURED_EMAIL,
                                new CompositeHeaderWriter(List.of(
                                        new ContentSecurityPolicyHeaderWriter(EMAIL_CONTENT_SECURITY_POLICY),
                                        new XFrameOptionsHeaderWriter(XFrameOptionsMode.SAMEORIGIN)))))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(API_VIEW,
                                new CompositeHeaderWriter(List.of(
                                        new ContentSecurityPolicyHeaderWriter(API_VIEW_CONTENT_SECURITY_POLICY),
                                        new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY)))))
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .build();
    }

    /**
     * A refusal on a staff page (the wrong role, a form without its CSRF token) gets the staff's 403 page; one
     * elsewhere the plain 403, or, for a form without its CSRF token (a reader's sign-up left open, the sign-in), the
     * page that says it expired.
     */
    private static AccessDeniedHandler deniedPages() {
        AccessDeniedHandlerImpl refused = new AccessDeniedHandlerImpl();
        refused.setErrorPage("/denied");
        AccessDeniedHandler staffPage = (request, response, denied) -> {
            if (denied instanceof CsrfException && !signedIn()) {
                SessionEnded.signInAgain(request, response);
            } else {
                refused.handle(request, response, denied);
            }
        };
        LinkedHashMap<RequestMatcher, AccessDeniedHandler> handlers = new LinkedHashMap<>();
        handlers.put(PathPatternRequestMatcher.withDefaults().matcher("/admin"), staffPage);
        handlers.put(PathPatternRequestMatcher.withDefaults().matcher("/admin/**"), staffPage);
        handlers.put(PathPatternRequestMatcher.withDefaults().matcher("/editor/**"), staffPage);
        handlers.put(PathPatternRequestMatcher.withDefaults().matcher("/account"), staffPage);
        handlers.put(PathPatternRequestMatcher.withDefaults().matcher("/account/**"), staffPage);
        return new RequestMatcherDelegatingAccessDeniedHandler(handlers, (request, response, denied) -> {
            if (denied instanceof CsrfException) {
                Problems.expiredForm(request, response);
            } else {
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
            }
        });
    }

    /** Whether the request comes with a signed-in session: a refusal before sign-in is read finds none. */
    private static boolean signedIn() {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        return signedIn != null && signedIn.isAuthenticated() && !(signedIn instanceof AnonymousAuthenticationToken);
    }

    /**
     * Someone not signed in who asks for a staff page is sent to sign in; one who asks for any other address that is
     * not public gets the "not found" page, as a reader who mistyped an address should, and learns nothing of what
     * the staff pages hold.
     */
    private static AuthenticationEntryPoint signInOrNotFound() {
        AuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint("/login");
        return (request, response, refusal) -> {
            if (STAFF_PAGES.matches(request)) {
                signIn.commence(request, response, refusal);
            } else {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        };
    }

    /** Only a staff page is worth returning to after signing in; remembering any other address starts sessions. */
    private static RequestCache staffPagesOnly() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setRequestMatcher(STAFF_PAGES);
        return cache;
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Role.ADMIN.name()).implies(Role.EDITOR.name())
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new WholePasswords(PasswordEncoderFactories.createDelegatingPasswordEncoder());
    }
}

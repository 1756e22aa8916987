package news.dispatch.web.apidocs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The API as {@code GET /v3/api-docs} describes it (OpenAPI 3.1): springdoc reads the controllers for paths, fields
 * and the answer that succeeds; this adds, for every operation at once, who may call it and the problem details
 * (RFC 9457, {@code application/problem+json}) it may answer with, so that no controller carries documentation
 * annotations for what all of them share. A controller names only what is its own: a second success status, a
 * conflict.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    static final String BASIC = "basic";
    static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";

    /**
     * Readers' endpoints, which their links' tokens open, and a provider's webhook, which checks its signature: the
     * ones {@code SecurityConfiguration} lets anyone call (ApiDescriptionIT holds the two together).
     */
    private static final List<PathPattern> PUBLIC = Stream.of("/api/subscriptions", "/api/subscriptions/confirm",
                    "/api/preferences/**", "/api/tags", "/api/webhooks/mailgun")
            .map(PathPatternParser.defaultInstance::parse)
            .toList();

    private static final Set<PathItem.HttpMethod> READS = Set.of(PathItem.HttpMethod.GET, PathItem.HttpMethod.HEAD,
            PathItem.HttpMethod.OPTIONS);

    @Bean
    OpenAPI dispatchApi() {
        return new OpenAPI()
                .info(new Info().title("Dispatch API").version("1").description("""
                        The newsroom's newsletter service: articles and alerts (editors), readers' sign-ups and \
                        preferences (anyone, with the links mailed to them), subscribers, deliveries and the rest \
                        (admins). JSON in and out, UTF-8; errors are RFC 9457 problem details; lists are paged \
                        (`?page=0&size=20`, size at most 200); times are ISO-8601 instants in UTC."""))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("An editor's or admin's account, sent with every request."))
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("An API token made on the admin's API tokens page; "
                                        + "it acts with its maker's role.")))
                .addSecurityItem(new SecurityRequirement().addList(BASIC))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OperationNames operationNames() {
        return new OperationNames();
    }

    @Bean
    NullableComponents nullableComponents() {
        return new NullableComponents();
    }

    @Bean
    MapEntries mapEntries() {
        return new MapEntries();
    }

    @Bean
    OpenApiCustomizer callersAndProblems() {
        return api -> {
            // Here rather than on the bean above, where springdoc drops schemas no controller names.
            api.getComponents().addSchemas(PROBLEM, problem());
            api.getPaths().forEach((path, item) -> item.readOperationsMap()
                    .forEach((method, operation) -> describe(path, method, operation)));
        };
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        boolean open = PUBLIC.stream().anyMatch(pattern -> pattern.matches(PathContainer.parsePath(path)));
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean body = operation.getRequestBody() != null;
        ApiResponses responses = operation.getResponses();
        if (open) {
            operation.setSecurity(List.of());
        } else {
            String role = path.startsWith("/api/admin/") ? "ADMIN" : "EDITOR";
            operation.setDescription(join(operation.getDescription(), "Needs the " + role + " role."));
            problem(responses, HttpStatus.UNAUTHORIZED, "No credentials, or ones that do not open.");
            problem(responses, HttpStatus.FORBIDDEN, "The account's role does not allow this.");
        }
        if (body || !parameters.isEmpty()) {
            problem(responses, HttpStatus.BAD_REQUEST, "A field or parameter was rejected; `errors` says which.");
        }
        if (parameters.stream().anyMatch(parameter -> "path".equals(parameter.getIn()))) {
            problem(responses, HttpStatus.NOT_FOUND, "Nothing is known at this address.");
        }
        if (!READS.contains(method)) {
            problem(responses, HttpStatus.FORBIDDEN, "Sent by a browser from another site.");
        }
        if (body) {
            problem(responses, HttpStatus.REQUEST_TIMEOUT, "The body came too slowly.");
            problem(responses, HttpStatus.CONTENT_TOO_LARGE, "The body is larger than the server takes.");
            problem(responses, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The body is not of the type this endpoint takes.");
        }
        problem(responses, HttpStatus.TOO_MANY_REQUESTS, "Too many attempts from this client; `Retry-After` says "
                + "when to try again.");
        problem(responses, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side; it was logged.");
        // What a controller declared itself (a conflict, a second success) keeps its words; an error gets the body
        // every error has.
        responses.forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                response.setContent(problemContent());
            }
        });
    }

    /** Adds an error answer, or adds this reason to the one already there for the status. */
    private static void problem(ApiResponses responses, HttpStatus status, String reason) {
        String code = String.valueOf(status.value());
        ApiResponse known = responses.get(code);
        if (known == null) {
            responses.addApiResponse(code, new ApiResponse().description(reason));
        } else if (known.getDescription() == null || known.getDescription().equals(status.getReasonPhrase())) {
            known.setDescription(reason);
        } else if (!known.getDescription().contains(reason)) {
            known.setDescription(known.getDescription() + " Or: " + reason);
        }
    }

    private static Content problemContent() {
        return new Content().addMediaType("application/problem+json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
    }

    /** RFC 9457's members, as {@code problem.Problems} fills them. */
    private static Schema<?> problem() {
        Map<String, Schema> fields = new LinkedHashMap<>();
        fields.put("field", typed("string").description("the rejected field or parameter"));
        fields.put("message", typed("string").description("why, for a person to read"));
        Map<String, Schema> members = new LinkedHashMap<>();
        members.put("type", typed("string").format("uri"));
        members.put("title", typed("string").description("the status's reason phrase"));
        members.put("status", typed("integer").format("int32"));
        members.put("detail", typed("string").description("what went wrong, for a person to read"));
        members.put("instance", typed("string").format("uri"));
        members.put("errors", typed("array").items(typed("object").properties(fields).required(List.of("field",
                "message"))).description("present when fields were rejected"));
        return typed("object").properties(members).required(List.of("status", "title"))
                .description("An RFC 9457 problem detail.");
    }

    /** A schema of one JSON type, written both ways: OpenAPI 3.1 reads {@code types}, 3.0 {@code type}. */
    private static Schema<Object> typed(String type) {
        Schema<Object> schema = new Schema<>();
        schema.type(type);
        schema.types(Set.of(type));
        return schema;
    }

    private static String join(String first, String second) {
        return first == null || first.isBlank() ? second : first + "\n\n" + second;
    }
}

package news.dispatch.web.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import news.dispatch.web.AdminApiJourney;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.apidocs.Contract.Endpoint;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v3/api-docs} against the contract, against a parser that client generators use, and against the
 * security it describes.
 */
class ApiDescriptionIT extends AdminApiJourney {

    /** The contract as checked in, which a clean checkout (CI) has. */
    private static final String CONTRACT = "/contract/http-api.md";

    @Test
    void describesEveryEndpointOfTheContractWithTheStatusesItNames() throws IOException {
        Contract contract = Contract.read(checkedInContract());
        JsonNode paths = document().get("paths");
        assertThat(contract.endpoints()).as("the contract as read").hasSizeGreaterThan(25);

        List<String> drift = new ArrayList<>();
        contract.endpoints().forEach((endpoint, statuses) -> {
            Optional<JsonNode> operation = operation(paths, endpoint);
            if (operation.isEmpty()) {
                drift.add(endpoint + " is missing");
                return;
            }
            for (int status : statuses) {
                if (!operation.get().get("responses").has(String.valueOf(status))) {
                    drift.add(endpoint + " does not answer " + status);
                }
            }
        });
        assertThat(drift).as("where the document and the contract disagree").isEmpty();
    }

    @Test
    void theCheckedInContractIsTheSharedOne() throws IOException {
        Optional<Path> shared = sharedContract();
        Assumptions.assumeTrue(shared.isPresent(),
                "no shared/contract/http-api.md above this checkout (a clean checkout): the copy is all there is");
        assertThat(checkedInContract()).as("web/src/test/resources" + CONTRACT + " is a copy of " + shared.get()
                + ": copy it again").isEqualTo(Files.readString(shared.get()));
    }

    @Test
    void isOpenApi31ThatAClientGeneratorReadsWithEveryReferenceResolved() {
        String json = admin.get("/v3/api-docs").body();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json, null, options);

        assertThat(parsed.getMessages()).as("what the parser objects to").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1");
        JsonNode document = document();
        List<String> references = new ArrayList<>();
        collectReferences(document, references);
        assertThat(references).isNotEmpty().allSatisfy(reference -> assertThat(reference).startsWith("#/")
                .satisfies(pointer -> assertThat(document.at(pointer.substring(1)).isMissingNode())
                        .as(pointer).isFalse()));
    }

    @Test
    void everyOperationSaysWhoMayCallItAndEveryErrorIsAProblemDetail() {
        JsonNode document = document();
        assertThat(document.at("/components/securitySchemes/basic/scheme").asString()).isEqualTo("basic");
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
        operations(document).forEach(operation -> {
            JsonNode responses = operation.node().get("responses");
            assertThat(responses.propertyNames()).as(operation.name()).anyMatch(status -> status.startsWith("2"))
                    .contains("500");
            responses.properties().stream().filter(status -> status.getKey().matches("[45]\\d\\d"))
                    .forEach(status -> assertThat(status.getValue()
                            .at("/content/application~1problem+json/schema/$ref").asString())
                            .as(operation.name() + " " + status.getKey()).isEqualTo("#/components/schemas/Problem"));
            if (operation.open()) {
                assertThat(responses.has("401")).as(operation.name()).isFalse();
            } else {
                assertThat(responses.propertyNames()).as(operation.name()).contains("401", "403");
            }
        });
        assertThat(document.at("/components/schemas/Problem/properties").propertyNames())
                .contains("status", "title", "detail", "errors");
        assertThat(document.at("/components/schemas/SubscriberPatch/properties").propertyNames())
                .as("the fields a PATCH takes, not the catch-all that refuses the others").contains("sendHour")
                .doesNotContain("others");
    }

    /** Jackson's tree, which the two bodies take to tell a field left out from a {@code null}, is not the shape. */
    @Test
    void describesPausesAndQuietHoursAsTheDatesAndHoursTheServerTakes() {
        JsonNode document = document();
        List<String> references = new ArrayList<>();
        collectReferences(document, references);
        assertThat(references).doesNotContain("#/components/schemas/JsonNode");
        assertThat(document.at("/components/schemas").has("JsonNode")).isFalse();
        for (String body : List.of("SubscriberPatch", "PreferencesRequest")) {
            JsonNode fields = document.at("/components/schemas/" + body + "/properties");
            assertThat(types(fields.get("pausedUntil"))).as(body).containsExactlyInAnyOrder("string", "null");
            assertThat(fields.at("/pausedUntil/format").asString()).as(body).isEqualTo("date");
            for (String hour : List.of("quietFrom", "quietUntil")) {
                assertThat(types(fields.get(hour))).as(body + "." + hour)
                        .containsExactlyInAnyOrder("integer", "null");
                assertThat(fields.get(hour).get("minimum").asInt()).as(body + "." + hour).isZero();
                assertThat(fields.get(hour).get("maximum").asInt()).as(body + "." + hour).isEqualTo(23);
            }
        }
    }

    /** Generated clients name their methods and classes after these; springdoc's own were {@code list_1}… */
    @Test
    void namesEveryOperationOnceAfterItsControllerAndMethodUnderATagForPeople() {
        List<Operation> operations = operations(document());
        List<String> ids = operations.stream().map(operation -> operation.node().path("operationId").asString())
                .toList();
        assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).matches("[a-z][A-Za-z]+"));
        operations.forEach(operation -> assertThat(operation.node().get("tags")).as(operation.name()).hasSize(1)
                .allSatisfy(tag -> assertThat(tag.asString()).matches("[A-Z][A-Za-z ]+")));
        assertThat(operations).filteredOn(operation -> operation.name().equals("GET /api/admin/webhooks/{id}"))
                .singleElement().satisfies(operation -> {
                    assertThat(operation.node().get("operationId").asString()).isEqualTo("webhooksGet");
                    assertThat(operation.node().at("/tags/0").asString()).isEqualTo("Webhooks");
                });
    }

    /** Fields that real answers leave {@code null}: a client that believes the document fails on them. */
    @Test
    void fieldsThatAnswersLeaveNullMayBeNull() {
        JsonNode schemas = document().at("/components/schemas");
        Map<String, List<String>> nullable = Map.ofEntries(
                Map.entry("SubscriberView", List.of("suppression", "pausedUntil", "quietFrom", "quietUntil",
                        "confirmedAt", "consent")),
                Map.entry("PreferencesView", List.of("pausedUntil", "quietFrom", "quietUntil")),
                Map.entry("Delivery", List.of("to", "lastError", "sentAt")),
                Map.entry("ArticleView", List.of("summary", "body", "author", "url")),
                Map.entry("PreviewView", List.of("alreadySent")),
                Map.entry("WebhookView", List.of("previousSecretUntil")),
                Map.entry("AttemptView", List.of("error", "status", "answer")),
                Map.entry("ApiToken", List.of("lastUsedAt", "revokedAt")),
                Map.entry("Dkim", List.of("dnsTxt")),
                Map.entry("DnsRecord", List.of("value", "note")),
                // An integrator's QA of 7 December found these null in answers the document said were strings.
                Map.entry("NewToken", List.of("lastUsedAt", "revokedAt")),
                Map.entry("Suppression", List.of("detail")),
                Map.entry("DkimKey", List.of("activatedAt", "retiredAt")),
                Map.entry("NewWebhook", List.of("previousSecretUntil")),
                Map.entry("Rejected", List.of("value")),
                Map.entry("FeedStatus", List.of("lastPolledAt", "lastSuccessAt", "lastError", "dropReason",
                        "lastPoll", "movedTo")),
                Map.entry("LastRead", List.of("failure")));
        nullable.forEach((schema, fields) -> fields.forEach(field -> assertThat(
                takesNull(schemas.at("/" + schema + "/properties/" + field))).as(schema + "." + field).isTrue()));
        assertThat(takesNull(schemas.at("/SubscriberView/properties/email"))).as("a field always there").isFalse();
        assertThat(schemas.at("/SubscriberView/properties/suppression/anyOf/0/$ref").asString())
                .as("a nullable object keeps its schema").isEqualTo("#/components/schemas/SuppressionView");
    }

    @Test
    void describesACapturedEmailsHeadersAsObjectsOfOneHeaderEach() {
        JsonNode headers = document().at("/components/schemas/CapturedEmail/properties/headers/items");
        assertThat(headers.has("properties")).as("no {key, value} pairs: " + headers).isFalse();
        assertThat(types(headers)).containsExactly("object");
        assertThat(types(headers.get("additionalProperties"))).containsExactly("string");
        assertThat(headers.get("maxProperties").asInt()).isEqualTo(1);
    }

    /** Statuses these endpoints answer that no rule of {@code ApiDescription} gives them. */
    @Test
    void listsTheConflictsAndAbsencesTheseEndpointsAnswer() {
        JsonNode paths = document().get("paths");
        assertThat(paths.at("/~1api~1preferences~1{token}/put/responses").has("409")).isTrue();
        assertThat(paths.at("/~1api~1admin~1deliveries~1{id}~1retry/post/responses").has("409")).isTrue();
        assertThat(paths.at("/~1api~1webhooks~1mailgun/post/responses").propertyNames()).contains("200", "404");
        assertThat(paths.at("/~1api~1admin~1feeds/patch/responses").has("404")).isTrue();
        assertThat(paths.at("/~1api~1admin~1subscribers~1{id}/patch/responses").has("409")).isTrue();
        assertThat(paths.at("/~1api~1admin~1subscribers~1{id}/patch/responses/200/content/application~1json/schema/$ref")
                .asString()).as("the answer keeps its schema").isEqualTo("#/components/schemas/SubscriberView");
    }

    /** A generated client sends the search as the query parameters the server reads, none of them required. */
    @Test
    void theSubscribersSearchIsItsQueryParametersNotAnObject() {
        JsonNode parameters = document().at("/paths/~1api~1admin~1subscribers/get/parameters");
        List<String> names = new ArrayList<>();
        parameters.forEach(parameter -> {
            names.add(parameter.get("name").asString());
            assertThat(parameter.path("required").asBoolean(false)).as(parameter.toString()).isFalse();
            assertThat(parameter.get("in").asString()).isEqualTo("query");
        });
        assertThat(names).containsExactlyInAnyOrder("status", "tag", "q", "sort", "page", "size");
    }

    /** The document and the security configuration are two places that could disagree: ask the app itself. */
    @Test
    void whatTheDocumentSaysNeedsCredentialsRefusesAnonymousCallers() {
        ApiClient anonymous = ApiClient.anonymous(port);
        operations(document()).forEach(operation -> {
            String path = operation.path().replaceAll("\\{[^}]*}", "1");
            JsonNode body = operation.node().at("/requestBody/content");
            Answer answer = body.isMissingNode()
                    ? anonymous.send(operation.method(), path)
                    : anonymous.send(operation.method(), path, body.propertyNames().iterator().next(), "{}");
            if (operation.open()) {
                assertThat(answer.status()).as(operation.name() + " is public: " + answer).isNotIn(401, 403);
            } else {
                assertThat(answer.status()).as(operation.name() + " needs credentials: " + answer).isEqualTo(401);
            }
        });
    }

    @Test
    void theAdminPagesLinkToARenderedViewThatMayRunItsOwnScripts() {
        Browser browser = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        assertThat(browser.get("/admin/tokens").body()).contains("href=\"/admin/api\"");

        Browser.Page view = browser.get("/admin/api");
        while (view.status() == 302) {
            view = browser.follow(view);
        }
        assertThat(view.status()).as(view.toString()).isEqualTo(200);
        assertThat(view.body()).contains("swagger-ui");
        assertThat(view.header("Content-Security-Policy")).contains("script-src 'self';")
                .doesNotContain("unsafe-eval").contains("frame-ancestors 'none'");
        assertThat(browser.get("/v3/api-docs").status()).as("the view fetches the document with the session")
                .isEqualTo(200);
        assertThat(browser.get("/v3/api-docs/swagger-config").status()).isEqualTo(200);

        Browser anonymous = new Browser(port);
        Browser.Page refused = anonymous.get("/admin/api");
        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.header("Location")).endsWith("/login");
    }

    private JsonNode document() {
        Answer answer = admin.get("/v3/api-docs");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    private static Optional<JsonNode> operation(JsonNode paths, Endpoint endpoint) {
        return paths.properties().stream()
                .filter(path -> Endpoint.of(endpoint.method(), path.getKey()).equals(endpoint))
                .map(path -> path.getValue().get(endpoint.method().toLowerCase()))
                .filter(operation -> operation != null)
                .findFirst();
    }

    record Operation(String method, String path, JsonNode node, boolean open) {

        String name() {
            return method + " " + path;
        }
    }

    private static List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            JsonNode security = operation.getValue().get("security");
            operations.add(new Operation(operation.getKey().toUpperCase(), path.getKey(), operation.getValue(),
                    security != null && security.isEmpty()));
        }));
        return operations;
    }

    private static List<String> types(JsonNode schema) {
        JsonNode type = schema.path("type");
        List<String> types = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(each -> types.add(each.asString()));
        } else if (!type.isMissingNode()) {
            types.add(type.asString());
        }
        return types;
    }

    private static boolean takesNull(JsonNode schema) {
        assertThat(schema.isMissingNode()).as("a field the document describes").isFalse();
        boolean alternative = false;
        for (JsonNode option : schema.path("anyOf")) {
            alternative |= types(option).contains("null");
        }
        return alternative || types(schema).contains("null");
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject()) {
            node.properties().forEach(member -> {
                if (member.getKey().equals("$ref")) {
                    references.add(member.getValue().asString());
                } else {
                    collectReferences(member.getValue(), references);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectReferences(element, references));
        }
    }

    private static String checkedInContract() throws IOException {
        try (InputStream in = ApiDescriptionIT.class.getResourceAsStream(CONTRACT)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The contract the newsroom's projects share, in a {@code shared} folder above this checkout, if there is one. */
    private static Optional<Path> sharedContract() {
        return Stream.iterate(Path.of("").toAbsolutePath().getParent(), dir -> dir != null, Path::getParent)
                .map(dir -> dir.resolve("shared/contract/http-api.md"))
                .filter(Files::isRegularFile)
                .findFirst();
    }
}

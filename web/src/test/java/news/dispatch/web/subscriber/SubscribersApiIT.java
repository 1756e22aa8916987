package news.dispatch.web.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.QuietHours;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.tag.Tag;
import news.dispatch.mailer.outbox.Notice;
import news.dispatch.web.AdminApiJourney;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.HeldRows;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The contract's admin endpoints for subscribers, over HTTP, bad input included. */
class SubscribersApiIT extends AdminApiJourney {

    /** A reader's address inserted by a transaction that has not committed: an import of it waits. */
    private static final String HELD_ADDRESS = """
            insert into subscriber (email, email_key, status, frequency, timezone, send_hour, alerts, link_generation,
                                    created_at, updated_at)
            values ('held@example.com', 'held@example.com', 'ACTIVE', 'DAILY', 'UTC', 7, true, 0, current_timestamp,
                    current_timestamp)""";

    @Autowired
    DataSource dataSource;

    @Test
    void listsSubscribersWithFiltersSortAndPages() {
        Subscriber anna = add("anna@example.com", SubscriberStatus.ACTIVE, "#USMigration", "Ukraine");
        add("bob@example.org", SubscriberStatus.PENDING, "Aviation");
        add("carla@example.com", SubscriberStatus.ACTIVE, "Aviation");

        JsonNode page = admin.get("/api/admin/subscribers?status=active&tag=%23usmigration&q=ANNA").json();

        assertThat(page.get("total").asLong()).isEqualTo(1);
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(20);
        JsonNode item = page.get("items").get(0);
        assertThat(item.propertyNames()).contains("id", "email", "status", "tags", "frequency", "timezone",
                "sendHour", "alerts", "createdAt");
        assertThat(item.get("id").asLong()).isEqualTo(anna.id());
        assertThat(item.get("email").asString()).isEqualTo("anna@example.com");
        assertThat(item.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(item.get("tags").toString()).isEqualTo("[\"ukraine\",\"usmigration\"]");
        assertThat(item.get("tagLabels").toString()).isEqualTo("[\"Ukraine\",\"USMigration\"]");
        assertThat(item.get("frequency").asString()).isEqualTo("DAILY");
        assertThat(item.get("timezone").asString()).isEqualTo("Europe/Berlin");
        assertThat(item.get("sendHour").asInt()).isEqualTo(7);
        assertThat(item.get("alerts").asBoolean()).isTrue();
        assertThat(item.get("createdAt").asString()).endsWith("Z");

        assertThat(emails(admin.get("/api/admin/subscribers?sort=email&size=2"))).containsExactly(
                "anna@example.com", "bob@example.org");
        assertThat(emails(admin.get("/api/admin/subscribers?sort=email&size=2&page=1"))).containsExactly(
                "carla@example.com");
        assertThat(emails(admin.get("/api/admin/subscribers?sort=-email&q=example.com"))).containsExactly(
                "carla@example.com", "anna@example.com");
        assertThat(admin.get("/api/admin/subscribers?size=200").status()).isEqualTo(200);
    }

    @Test
    void aSearchFindsAnAddressInTheSpellingTheAdminTypes() {
        Subscriber leser = add("leser@bücher.example", SubscriberStatus.ACTIVE, "Aviation");

        for (String q : List.of("bücher", "BÜCHER.example", "leser@bu%CC%88cher.example", "xn--bcher")) {
            JsonNode page = admin.get("/api/admin/subscribers?q=" + q.replace("ü", "%C3%BC").replace("Ü", "%C3%9C"))
                    .json();
            assertThat(page.get("total").asLong()).as(q).isEqualTo(1);
            assertThat(page.get("items").get(0).get("id").asLong()).isEqualTo(leser.id());
        }
    }

    @Test
    void badListParametersAreNamed() {
        assertThat(field(admin.get("/api/admin/subscribers?status=GONE"))).isEqualTo("status");
        assertThat(field(admin.get("/api/admin/subscribers?tag=no%20way!"))).isEqualTo("tag");
        assertThat(field(admin.get("/api/admin/subscribers?sort=name"))).isEqualTo("sort");
        assertThat(field(admin.get("/api/admin/subscribers?size=201"))).isEqualTo("size");
        assertThat(field(admin.get("/api/admin/subscribers?page=-1"))).isEqualTo("page");
        assertThat(field(admin.get("/api/admin/subscribers?size=ten"))).isEqualTo("size");
    }

    @Test
    void getsOneSubscriberOrAnswers404() {
        Subscriber anna = add("anna@example.com", SubscriberStatus.ACTIVE, "Aviation");

        JsonNode one = admin.get("/api/admin/subscribers/" + anna.id()).json();

        assertThat(one.get("email").asString()).isEqualTo("anna@example.com");
        assertThat(one.get("confirmedAt").asString()).endsWith("Z");
        Answer missing = admin.get("/api/admin/subscribers/" + (anna.id() + 1000));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(admin.get("/api/admin/subscribers/abc").status()).isEqualTo(400);
    }

    @Test
    void patchChangesOnlyTheFieldsItHolds() {
        Subscriber anna = add("anna@example.com", SubscriberStatus.ACTIVE, "Aviation");

        Answer changed = patch(anna, """
                {"tags": ["#Space", "Ukraine"], "frequency": "weekly", "timezone": "Asia/Tokyo", "sendHour": 21,
                 "alerts": false}
                """);

        assertThat(changed.status()).isEqualTo(200);
        JsonNode view = changed.json();
        assertThat(view.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(view.get("tags").toString()).isEqualTo("[\"space\",\"ukraine\"]");
        assertThat(view.get("frequency").asString()).isEqualTo("WEEKLY");
        assertThat(view.get("timezone").asString()).isEqualTo("Asia/Tokyo");
        assertThat(view.get("sendHour").asInt()).isEqualTo(21);
        assertThat(view.get("alerts").asBoolean()).isFalse();
        assertThat(patch(anna, "{\"sendHour\": 5}").json().get("frequency").asString()).isEqualTo("WEEKLY");
        assertThat(admin.send("PATCH", "/api/admin/subscribers/" + anna.id(), "application/merge-patch+json",
                "{\"alerts\": true}").json().get("alerts").asBoolean()).isTrue();
        assertThat(admin.send("PATCH", "/api/admin/subscribers/999999", "application/json", "{}").status())
                .isEqualTo(404);
    }

    @Test
    void anEditOfOneFieldKeepsEveryOtherOneThroughTheApiAndThePage() {
        Subscriber added = add("quiet@example.com", SubscriberStatus.ACTIVE, "Aviation");
        Subscriber anna = subscribers.update(added.withPreferences(new Preferences(added.preferences().tags(),
                Frequency.DAILY, ZoneId.of("US/Pacific"), 6, true, new QuietHours(22, 7))));
        String preferences = "/api/preferences/" + subscribers.linkToken(anna, LinkPurpose.PREFERENCES);
        ApiClient reader = ApiClient.anonymous(port);

        assertThat(patch(anna, "{\"frequency\": \"WEEKLY\"}").status()).isEqualTo(200);

        JsonNode afterPatch = reader.get(preferences).json();
        assertThat(afterPatch.get("frequency").asString()).isEqualTo("WEEKLY");
        assertThat(afterPatch.get("tags").toString()).isEqualTo("[\"aviation\"]");
        assertThat(afterPatch.get("timezone").asString()).isEqualTo("US/Pacific");
        assertThat(afterPatch.get("sendHour").asInt()).isEqualTo(6);
        assertThat(afterPatch.get("alerts").asBoolean()).isTrue();
        assertThat(afterPatch.get("quietFrom").asInt()).isEqualTo(22);
        assertThat(afterPatch.get("quietUntil").asInt()).isEqualTo(7);

        Browser browser = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        String edit = "/admin/subscribers/" + anna.id() + "/edit";
        Browser.Page form = browser.get(edit);
        assertThat(form.body()).as("the reader's zone is offered, selected, though the list lacks it")
                .contains("<option value=\"US/Pacific\" selected>");
        // What a browser sends when the admin changes the frequency alone.
        Browser.Page saved = browser.post(edit, "tags", "Aviation", "moreTags", "", "frequency", "DAILY",
                "sendHour", "6", "timezone", "US/Pacific", "alerts", "on", "_csrf", form.csrf());
        assertThat(saved.status()).isEqualTo(302);

        JsonNode afterPage = reader.get(preferences).json();
        assertThat(afterPage.get("frequency").asString()).isEqualTo("DAILY");
        assertThat(afterPage.get("timezone").asString()).isEqualTo("US/Pacific");
        assertThat(afterPage.get("quietFrom").asInt()).isEqualTo(22);
        assertThat(afterPage.get("quietUntil").asInt()).isEqualTo(7);

        assertThat(patch(anna, "{\"timezone\": \"+05:30\"}").status()).isEqualTo(200);
        assertThat(browser.get(edit).body()).as("a fixed offset too")
                .contains("<option value=\"+05:30\" selected>");
        assertThat(reader.get("/preferences/" + subscribers.linkToken(anna, LinkPurpose.PREFERENCES)).body())
                .as("on the reader's own page").contains("<option value=\"+05:30\" selected>");
    }

    @Test
    void patchWithABadFieldIsA400NamingItAndStoresNothing() {
        Subscriber anna = add("anna@example.com", SubscriberStatus.ACTIVE, "Aviation");

        assertThat(field(patch(anna, "{\"status\": \"DELETED\", \"sendHour\": 3}"))).isEqualTo("status");
        assertThat(field(patch(anna, "{\"frequency\": \"HOURLY\"}"))).isEqualTo("frequency");
        assertThat(field(patch(anna, "{\"timezone\": \"Mars/Olympus\"}"))).isEqualTo("timezone");
        assertThat(field(patch(anna, "{\"timezone\": \" \"}"))).isEqualTo("timezone");
        assertThat(field(patch(anna, "{\"sendHour\": 24}"))).isEqualTo("sendHour");
        assertThat(field(patch(anna, "{\"sendHour\": -1}"))).isEqualTo("sendHour");
        assertThat(field(patch(anna, "{\"sendHour\": \"seven\"}"))).isEqualTo("sendHour");
        assertThat(field(patch(anna, "{\"sendHour\": 7.5}"))).isEqualTo("sendHour");
        assertThat(field(patch(anna, "{\"sendHour\": 99999999999}"))).isEqualTo("sendHour");
        assertThat(field(patch(anna, "{\"tags\": []}"))).isEqualTo("tags");
        assertThat(field(patch(anna, "{\"tags\": [\"no way!\"]}"))).isEqualTo("tags");
        assertThat(field(patch(anna, "{\"email\": \"other@example.com\"}"))).isEqualTo("email");
        assertThat(field(patch(anna, "{\"sendhour\": 7}"))).isEqualTo("sendhour");
        assertThat(field(patch(anna, "{\"frequency\": \"WEEKLY\", \"createdAt\": \"2025-01-01T00:00:00Z\"}")))
                .isEqualTo("createdAt");
        assertThat(patch(anna, "{\"alerts\": ").status()).isEqualTo(400);

        assertThat(subscribers.find(anna.id()).orElseThrow()).isEqualTo(anna);
    }

    @Test
    void statusChangesGoThroughTheGuardedTransitions() {
        Subscriber anna = add("anna@example.com", SubscriberStatus.ACTIVE, "Aviation");
        Subscriber pending = add("pending@example.com", SubscriberStatus.PENDING, "Aviation");

        assertThat(patch(anna, "{\"status\": \"SUSPENDED\"}").json().get("status").asString())
                .isEqualTo("SUSPENDED");
        assertThat(patch(anna, "{\"status\": \"ACTIVE\"}").json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(patch(anna, "{\"status\": \"UNSUBSCRIBED\"}").json().get("status").asString())
                .isEqualTo("UNSUBSCRIBED");

        Answer refused = patch(anna, "{\"status\": \"ACTIVE\", \"sendHour\": 3}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("UNSUBSCRIBED");
        assertThat(patch(pending, "{\"status\": \"ACTIVE\"}").status()).isEqualTo(409);
        assertThat(subscribers.find(anna.id()).orElseThrow().preferences().sendHour()).isEqualTo(7);
    }

    @Test
    void deleteErasesTheSubscriberAndTheirAddressFromDeliveries() {
        Subscriber anna = add("anna@example.com", SubscriberStatus.ACTIVE, "Aviation");
        outbox.queueNotice(anna, Notice.WELCOME);
        long before = admin.get("/api/admin/stats").json().get("erased").asLong();

        Answer erased = admin.delete("/api/admin/subscribers/" + anna.id());

        assertThat(erased.status()).isEqualTo(204);
        assertThat(erased.body()).isEmpty();
        assertThat(admin.get("/api/admin/subscribers/" + anna.id()).status()).isEqualTo(404);
        assertThat(admin.delete("/api/admin/subscribers/" + anna.id()).status()).isEqualTo(404);
        JsonNode deliveries = admin.get("/api/admin/deliveries").json();
        assertThat(deliveries.get("total").asLong()).isEqualTo(1);
        assertThat(deliveries.get("items").get(0).get("to").isNull()).isTrue();
        assertThat(jdbc.sql("select count(*) from delivery where recipient like '%anna%' or last_error like '%anna%'")
                .query(Long.class).single()).isZero();
        assertThat(admin.get("/api/admin/stats").json().get("erased").asLong()).isEqualTo(before + 1);
    }

    @Test
    void importsAFileWithByteOrderMarkQuotesCrlfAndLineBreaksAndReportsBadLines() {
        add("known@example.com", SubscriberStatus.SUSPENDED, "Aviation");
        String csv = "\uFEFFemail,tags,frequency\r\n"
                + "anna@example.com,\"Aviation;#US Migration\",WEEKLY\r\n"
                + "\"bob@example.com\",\"Ukraine;\r\nSpace\",daily\r\n"
                + "not an address,Aviation,DAILY\r\n"
                + "known@example.com,Space,IMMEDIATE\r\n"
                + "carla@example.com,Aviation,HOURLY\r\n"
                + "dan@example.com" + ",x".repeat(5_000) + "\r\n"
                + "erin@example.com,Aviation,\r\n";

        Answer answer = admin.send("POST", "/api/admin/subscribers/import", "text/csv; charset=utf-8",
                csv.getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode report = answer.json();
        assertThat(report.propertyNames()).containsExactlyInAnyOrder("imported", "updated", "rejected");
        assertThat(report.get("imported").asInt()).isEqualTo(3);
        assertThat(report.get("updated").asInt()).isEqualTo(1);
        assertThat(report.get("rejected").toString()).isEqualTo("[{\"line\":5,\"reason\":\"email is not a valid "
                + "address\",\"value\":\"not an address\"},{\"line\":7,\"reason\":\"frequency must be IMMEDIATE, "
                + "DAILY or WEEKLY\",\"value\":\"HOURLY\"},{\"line\":8,\"reason\":\"the row has 5001 fields; the "
                + "header has 3 (put several tags in one field, separated by ;)\",\"value\":null}]");
        JsonNode bob = admin.get("/api/admin/subscribers?q=bob").json().get("items").get(0);
        assertThat(bob.get("tagLabels").toString()).isEqualTo("[\"Space\",\"Ukraine\"]");
        assertThat(bob.get("status").asString()).isEqualTo("ACTIVE");
        JsonNode anna = admin.get("/api/admin/subscribers?q=anna").json().get("items").get(0);
        assertThat(anna.get("tagLabels").toString()).isEqualTo("[\"Aviation\",\"US-Migration\"]");
        JsonNode known = admin.get("/api/admin/subscribers?q=known").json().get("items").get(0);
        assertThat(known.get("status").asString()).isEqualTo("SUSPENDED");
        assertThat(known.get("frequency").asString()).isEqualTo("IMMEDIATE");
    }

    @Test
    void aPendingImportMailsEachNewAddressAConfirmationLink() {
        Answer answer = admin.send("POST", "/api/admin/subscribers/import?status=PENDING", "text/csv",
                "email,tags\nnew@example.com,Aviation\n");

        assertThat(answer.json().get("imported").asInt()).isEqualTo(1);
        assertThat(admin.get("/api/admin/subscribers?q=new").json().get("items").get(0).get("status").asString())
                .isEqualTo("PENDING");
        assertThat(admin.get("/api/admin/deliveries?kind=CONFIRMATION").json().get("items").get(0).get("to")
                .asString()).isEqualTo("new@example.com");
    }

    /** A batch whose address another transaction holds past the lock timeout is stored again, once it is let go. */
    @Test
    void anImportOfAnAddressHeldForAMomentGoesThrough() throws Exception {
        Answer imported;
        try (HeldRows address = HeldRows.by(dataSource, HELD_ADDRESS)) {
            CompletableFuture<Void> letGo = address.letGoAfter(Duration.ofMillis(2_500));
            imported = admin.send("POST", "/api/admin/subscribers/import?status=ACTIVE", "text/csv",
                    "email,tags\nheld@example.com,Aviation\nother@example.com,Aviation\n");
            letGo.join();
        }

        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("imported").asInt()).isEqualTo(2);
        assertThat(admin.get("/api/admin/subscribers?q=held").json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void anImportOfAnAddressAnotherTransactionHoldsIsToldToComeAgain() throws SQLException {
        try (HeldRows address = HeldRows.by(dataSource, HELD_ADDRESS)) {
            assumeTrue(address.onH2(),
                    "PostgreSQL waits for a row lock as long as it is held: it never gives up on its own");

            Answer busy = admin.send("POST", "/api/admin/subscribers/import?status=ACTIVE", "text/csv",
                    "email,tags\nheld@example.com,Aviation\n");

            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.header("Retry-After")).isEqualTo("1");
            assertThat(busy.json().get("detail").asString()).isEqualTo("The database is busy; send the request again.");
        }
        assertThat(admin.send("POST", "/api/admin/subscribers/import?status=ACTIVE", "text/csv",
                "email,tags\nheld@example.com,Aviation\n").json().get("imported").asInt()).as("sent again").isEqualTo(1);
    }

    @Test
    void aFileThatCannotBeImportedIsRefusedWholeWithNothingStored() {
        assertThat(field(admin.send("POST", "/api/admin/subscribers/import", "text/csv",
                "address,topics\nanna@example.com,Aviation\n"))).isEqualTo("header");
        assertThat(field(admin.send("POST", "/api/admin/subscribers/import", "text/csv", ""))).isEqualTo("header");
        assertThat(field(admin.send("POST", "/api/admin/subscribers/import?status=SUSPENDED", "text/csv",
                "email,tags\nanna@example.com,Aviation\n"))).isEqualTo("status");
        assertThat(field(admin.send("POST", "/api/admin/subscribers/import", "text/csv",
                "email,tags\nj\u00f6rg@example.com,Aviation\n".getBytes(StandardCharsets.ISO_8859_1))))
                .isEqualTo("file");
        assertThat(admin.send("POST", "/api/admin/subscribers/import", "application/x-www-form-urlencoded",
                "email,tags\nanna@example.com,Aviation\n").status()).isEqualTo(415);
        byte[] huge = ("email,tags\n" + "x".repeat(2 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
        assertThat(admin.send("POST", "/api/admin/subscribers/import", "text/csv", huge).status()).isEqualTo(413);

        assertThat(subscribers.countByStatus().values().stream().mapToLong(Long::longValue).sum()).isZero();
    }

    @Test
    void anExportIsCsvThatImportsBackUnchanged() {
        add("=cmd@example.com", SubscriberStatus.ACTIVE, "#USMigration");
        add("left@example.com", SubscriberStatus.UNSUBSCRIBED, "Aviation", "Space");

        Answer export = admin.get("/api/admin/subscribers/export");

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("text/csv");
        assertThat(export.header("Content-Disposition")).contains("attachment", "subscribers.csv");
        assertThat(admin.get("/api/admin/subscribers/export?status=active").header("Content-Disposition"))
                .contains("subscribers-active.csv");
        assertThat(export.body()).startsWith("email,tags,frequency,status,timezone,sendHour,alerts,language,"
                + "createdAt,confirmedAt,tagFrequencies,pausedUntil,quietFrom,quietUntil\r\n"
                + "'=cmd@example.com,USMigration,DAILY,ACTIVE,Europe/Berlin,7,true,en,")
                .containsPattern("\r\nleft@example.com,Aviation;Space,DAILY,UNSUBSCRIBED,Europe/Berlin,7,true,en,"
                        + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ,");
        assertThat(admin.get("/api/admin/subscribers/export?status=ACTIVE").body())
                .doesNotContain("left@example.com");
        assertThat(field(admin.get("/api/admin/subscribers/export?status=GONE"))).isEqualTo("status");

        JsonNode report = admin.send("POST", "/api/admin/subscribers/import", "text/csv", export.body()).json();
        assertThat(report.get("imported").asInt()).isZero();
        assertThat(report.get("updated").asInt()).isEqualTo(2);
        assertThat(report.get("rejected").size()).isZero();
        assertThat(admin.get("/api/admin/subscribers/export").body()).isEqualTo(export.body());
    }

    @Test
    void anExportRestoredElsewhereKeepsEachReadersStatusAndChoicesAndMailsNobodyWhoLeft() {
        add("stays@example.com", SubscriberStatus.ACTIVE, "Aviation");
        add("left@example.com", SubscriberStatus.UNSUBSCRIBED, "Space");
        String export = admin.get("/api/admin/subscribers/export").body();
        jdbc.sql("delete from delivery").update();
        jdbc.sql("delete from subscriber").update();

        JsonNode report = admin.send("POST", "/api/admin/subscribers/import?status=PENDING", "text/csv", export)
                .json();

        assertThat(report.get("imported").asInt()).isEqualTo(2);
        assertThat(status("stays@example.com")).as("the row's status wins over ?status=").isEqualTo("ACTIVE");
        assertThat(status("left@example.com")).isEqualTo("UNSUBSCRIBED");
        assertThat(admin.get("/api/admin/subscribers?q=stays").json().get("items").get(0).get("timezone")
                .asString()).isEqualTo("Europe/Berlin");
        assertThat(jdbc.sql("select count(*) from delivery").query(Long.class).single()).as("nobody is mailed")
                .isZero();

        JsonNode rejected = admin.send("POST", "/api/admin/subscribers/import", "text/csv",
                "email,tags,status,sendHour\nx@example.com,Aviation,GONE,7\ny@example.com,Aviation,ACTIVE,25\n")
                .json().get("rejected");
        assertThat(rejected.get(0).get("value").asString()).isEqualTo("GONE");
        assertThat(rejected.get(1).get("value").asString()).isEqualTo("25");
    }

    private String status(String email) {
        return jdbc.sql("select status from subscriber where email = ?").param(email).query(String.class).single();
    }

    @Test
    void strangersGet401AndEditors403OnEveryEndpoint() {
        ApiClient editor = deskEditor();
        ApiClient stranger = ApiClient.anonymous(port);
        ApiClient wrongPassword = ApiClient.anonymous(port).as(DispatchTest.ADMIN, "not-the-password");

        for (ApiClient client : List.of(stranger, wrongPassword, editor)) {
            int expected = client == editor ? 403 : 401;
            assertThat(client.get("/api/admin/subscribers").status()).isEqualTo(expected);
            assertThat(client.get("/api/admin/subscribers/1").status()).isEqualTo(expected);
            assertThat(client.send("PATCH", "/api/admin/subscribers/1", "application/json", "{}").status())
                    .isEqualTo(expected);
            assertThat(client.delete("/api/admin/subscribers/1").status()).isEqualTo(expected);
            assertThat(client.send("POST", "/api/admin/subscribers/import", "text/csv", "email,tags\n").status())
                    .isEqualTo(expected);
            assertThat(client.get("/api/admin/subscribers/export").status()).isEqualTo(expected);
            assertThat(client.get("/api/admin/stats").status()).isEqualTo(expected);
        }
    }

    private Answer patch(Subscriber reader, String json) {
        return admin.send("PATCH", "/api/admin/subscribers/" + reader.id(), "application/json", json);
    }

    private static String field(Answer answer) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        return answer.json().get("errors").get(0).get("field").asString();
    }

    private static List<String> emails(Answer page) {
        List<String> emails = new java.util.ArrayList<>();
        page.json().get("items").forEach(item -> emails.add(item.get("email").asString()));
        return emails;
    }

    private Subscriber add(String email, SubscriberStatus status, String... tags) {
        Subscriber added = subscribers.add(EmailAddress.of(email), new Preferences(
                Arrays.stream(tags).map(Tag::of).toList(), Frequency.DAILY, ZoneId.of("Europe/Berlin"), 7, true),
                status == SubscriberStatus.PENDING ? SubscriberStatus.PENDING : SubscriberStatus.ACTIVE);
        return switch (status) {
            case SUSPENDED -> subscribers.update(added.suspend());
            case UNSUBSCRIBED -> subscribers.update(added.unsubscribe());
            default -> added;
        };
    }
}

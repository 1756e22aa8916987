package news.dispatch.web.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.tag.Tag;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.web.ApiClient.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/subscriptions}: one answer for every address, bad input refused, abuse limited. */
class SignUpIT extends SignUpJourney {

    private static final Preferences AVIATION = new Preferences(List.of(Tag.of("#Aviation")), Frequency.DAILY,
            ZoneId.of("UTC"), 7, true);

    @Test
    void answersNewAndKnownAddressesAlikeAndMailsEachWhatItNeeds() {
        subscribers.add(EmailAddress.of("known.active@example.com"), AVIATION, SubscriberStatus.ACTIVE);
        subscribers.update(subscribers.add(EmailAddress.of("known.left@example.com"), AVIATION,
                SubscriberStatus.ACTIVE).unsubscribe());
        subscribers.update(subscribers.add(EmailAddress.of("known.suspended@example.com"), AVIATION,
                SubscriberStatus.ACTIVE).suspend());
        signUp("known.pending@example.com");

        List<Answer> answers = List.of(signUp("brand.new@example.com"), signUp("known.pending@example.com"),
                signUp("Known.Active@Example.com"), signUp("known.left@example.com"),
                signUp("known.suspended@example.com"));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.header("Content-Type")).isEqualTo("application/json");
            assertThat(answer.body()).isEqualTo("{\"status\":\"PENDING\"}");
        });
        assertThat(inbox("brand.new@example.com").awaitCount(1)).extracting(CapturedEmail::subject)
                .containsExactly("Confirm your subscription to Dispatch");
        assertThat(inbox("known.pending@example.com").awaitCount(2)).extracting(CapturedEmail::subject)
                .containsOnly("Confirm your subscription to Dispatch");
        CapturedEmail reminder = inbox("known.active@example.com").awaitSubject("Your Dispatch subscription");
        assertThat(reminder.text()).contains("https://dispatch.example/preferences/", "already subscribed");
        assertThat(inbox("known.left@example.com").awaitCount(1)).extracting(CapturedEmail::subject)
                .containsExactly("Confirm your subscription to Dispatch");

        assertThat(statusOf("known.active@example.com")).isEqualTo(SubscriberStatus.ACTIVE);
        assertThat(subscribers.findByEmail(EmailAddress.of("known.active@example.com")).orElseThrow().preferences())
                .as("a stranger cannot change an active reader's tags").isEqualTo(AVIATION);
        assertThat(statusOf("known.left@example.com")).isEqualTo(SubscriberStatus.PENDING);
        assertThat(statusOf("known.suspended@example.com")).isEqualTo(SubscriberStatus.SUSPENDED);
        assertThat(jdbc.sql("select count(*) from delivery where recipient = 'known.suspended@example.com'")
                .query(Long.class).single()).isZero();
        assertThat(inbox("known.active@example.com").all()).hasSize(1);
    }

    @Test
    void anAddressIsSentAFewConfirmationsAnHourHoweverOftenItIsSignedUp() {
        for (int i = 0; i < 5; i++) {
            assertThat(signUp("eager@example.com").status()).isEqualTo(202);
        }
        Answer sixth = signUp("EAGER@example.com");

        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Long.parseLong(sixth.header("Retry-After"))).isBetween(1L, 3600L);
        assertThat(sixth.json().get("detail").asString()).contains("this email address");
        assertThat(inbox("eager@example.com").awaitCount(3)).hasSize(3);
        assertThat(jdbc.sql("select count(*) from delivery").query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void anInboxIsNotFloodedThroughTheAddressesItsProviderDeliversToIt() {
        for (String address : List.of("victim+1@example.com", "victim+2@example.com", "victim@example.com",
                "victim+news@example.com", "Victim+X@Example.com")) {
            assertThat(signUp(address).status()).as(address).isEqualTo(202);
        }
        Answer sixth = signUp("victim+6@example.com");
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.json().get("detail").asString()).contains("this email address");
        assertThat(signUp("other+1@example.com").status()).as("another inbox").isEqualTo(202);

        clock.advance(Duration.ofHours(1));
        for (String address : List.of("v.ictim@gmail.com", "vi.ctim@gmail.com", "vic.tim+a@googlemail.com",
                "victim@gmail.com", "vict.im@gmail.com")) {
            assertThat(signUp(address).status()).as(address).isEqualTo(202);
        }
        Answer dotted = signUp("v.i.c.t.i.m@gmail.com");
        assertThat(dotted.status()).as("Gmail reads no dots").isEqualTo(429);
        assertThat(dotted.json().get("detail").asString()).contains("this email address");
    }

    @Test
    void oneClientMayOnlySignUpSoOftenAndIsToldWhenToComeBack() {
        for (int i = 0; i < ReaderTest.SIGN_UPS_PER_CLIENT; i++) {
            assertThat(signUp("reader" + i + "@example.com").status()).isEqualTo(202);
        }

        Answer refused = signUp("one.more@example.com");

        assertThat(refused.status()).isEqualTo(429);
        JsonNode problem = refused.json();
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("title").asString()).isEqualTo("Too Many Requests");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isPositive();
        assertThat(statusOf("one.more@example.com")).isNull();

        clock.advance(Duration.ofSeconds(retryAfter));
        assertThat(signUp("one.more@example.com").status()).isEqualTo(202);
    }

    @Test
    void badInputIsA400ThatNamesTheFieldAndStoresNothing() {
        assertRejected("{\"tags\": [\"Aviation\"]}", "email");
        assertRejected("{\"email\": \"not-an-address\", \"tags\": [\"Aviation\"]}", "email");
        assertRejected("{\"email\": \"" + "x".repeat(250) + "@example.com\", \"tags\": [\"Aviation\"]}", "email");
        assertRejected("{\"email\": \"a@example.com\\r\\nBcc: b@example.com\", \"tags\": [\"Aviation\"]}", "email");
        assertRejected("{\"email\": \"a@example.com\"}", "tags");
        assertRejected("{\"email\": \"a@example.com\", \"tags\": []}", "tags");
        assertRejected("{\"email\": \"a@example.com\", \"tags\": " + tags(51) + "}", "tags");
        assertRejected("{\"email\": \"a@example.com\", \"tags\": [\"not/a/tag\"]}", "tags");
        assertRejected("{\"email\": \"a@example.com\", \"tags\": [null]}", "tags");
        assertRejected("{\"email\": \"a@example.com\", \"tags\": \"Aviation\"}", "tags");
        assertRejected("{\"email\": \"a@example.com\", \"tags\": [\"a\"], \"frequency\": \"HOURLY\"}", "frequency");
        assertRejected("{\"email\": \"a@example.com\", \"tags\": [\"a\"], \"timezone\": \"Mars/Olympus\"}",
                "timezone");
        assertRejected("{\"email\": \"a@example.com\", \"tags\": [\"a\"], \"sendHour\": 24}", "sendHour");
        assertRejected("{\"email\": \"a@example.com\", \"tags\": [\"a\"], \"sendHour\": -1}", "sendHour");
        assertRejected("{\"email\": \"a@example.com\", \"tags\": [\"a\"], \"sendHour\": \"seven\"}", "sendHour");
        // A number that is not a whole one, or too large for any hour, is as wrong as a word.
        assertRejected("{\"email\": \"a@example.com\", \"tags\": [\"a\"], \"sendHour\": 7.9}", "sendHour");
        assertRejected("{\"email\": \"a@example.com\", \"tags\": [\"a\"], \"sendHour\": 1e1}", "sendHour");
        assertRejected("{\"email\": \"a@example.com\", \"tags\": [\"a\"], \"sendHour\": 99999999999}",
                "sendHour");
        assertRejected("{\"email\": \"a@example.com\", \"tags\": [\"a\"], \"alerts\": \"maybe\"}", "alerts");

        Answer malformed = api.post("/api/subscriptions", "{\"email\": \"a@example.com\", \"tags\": [");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("detail").asString()).contains("JSON");

        assertThat(api.send("POST", "/api/subscriptions", "text/plain", "email=a@example.com").status())
                .isEqualTo(415);
        assertThat(jdbc.sql("select count(*) from subscriber").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from delivery").query(Long.class).single()).isZero();
    }

    @Test
    void fiftyTagsAreFineAndTheDefaultsAreTheContracts() {
        assertThat(api.post("/api/subscriptions", "{\"email\": \"many@example.com\", \"tags\": " + tags(50) + "}")
                .status()).isEqualTo(202);

        Preferences stored = subscribers.findByEmail(EmailAddress.of("many@example.com")).orElseThrow()
                .preferences();
        assertThat(stored.tags()).hasSize(50);
        assertThat(stored.frequency()).isEqualTo(Frequency.DAILY);
        assertThat(stored.timezone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(stored.sendHour()).isEqualTo(7);
        assertThat(stored.alerts()).isTrue();
    }

    private Answer signUp(String email) {
        return api.post("/api/subscriptions", "{\"email\": \"" + email + "\", \"tags\": [\"#Ukraine\"]}");
    }

    private void assertRejected(String body, String field) {
        Answer answer = api.post("/api/subscriptions", body);
        assertThat(answer.status()).as(body).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).as(body).isEqualTo(field);
        assertThat(answer.body()).doesNotContain("Exception");
    }

    private Mailbox inbox(String address) {
        return new Mailbox(sandbox, address);
    }

    private SubscriberStatus statusOf(String email) {
        return subscribers.findByEmail(EmailAddress.of(email)).map(Subscriber::status).orElse(null);
    }

    private static String tags(int count) {
        return IntStream.range(0, count).mapToObj(i -> "\"tag" + i + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}

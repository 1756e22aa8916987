package news.dispatch.core.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import news.dispatch.core.CoreTestApplication;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.ResetsDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(classes = CoreTestApplication.class)
@ResetsDatabase({"suppression", "subscriber"})
class SuppressionsIT {

    @Autowired
    Suppressions suppressions;

    @Autowired
    Subscribers subscribers;

    @Test
    void anAddressIsSuppressedOnceInAnySpellingAndKeepsItsFirstReason() {
        assertThat(suppressions.add(EmailAddress.of("Gone@Example.com"), SuppressionReason.HARD_BOUNCE, "5.1.1"))
                .isTrue();
        assertThat(suppressions.add(EmailAddress.of("gone@EXAMPLE.com"), SuppressionReason.COMPLAINT, null))
                .isFalse();

        assertThat(suppressions.find(EmailAddress.of("GONE@example.com"))).get().satisfies(found -> {
            assertThat(found.email()).isEqualTo("Gone@example.com");
            assertThat(found.reason()).isEqualTo(SuppressionReason.HARD_BOUNCE);
            assertThat(found.detail()).isEqualTo("5.1.1");
            assertThat(found.createdAt()).isNotNull();
        });
        assertThat(suppressions.suppressedAmong(List.of("GONE@example.com", "other@example.com")))
                .containsExactly("gone@example.com");
        assertThat(suppressions.countByReason()).containsExactly(Map.entry(SuppressionReason.HARD_BOUNCE,
                1L));
    }

    @Test
    void aWholeImportsWorthOfAddressesIsCheckedAtOnce() {
        suppressions.add(EmailAddress.of("reader4321@example.com"), SuppressionReason.MANUAL, null);
        List<String> addresses = IntStream.range(0, 70_000)
                .mapToObj(i -> "reader" + i + "@example.com").toList();

        assertThat(suppressions.suppressedAmong(addresses)).containsExactly("reader4321@example.com");
    }

    @Test
    void aSearchMatchesAPartOfTheAddressLiterally() {
        suppressions.add(EmailAddress.of("a_b@example.com"), SuppressionReason.MANUAL, null);
        suppressions.add(EmailAddress.of("axb@example.org"), SuppressionReason.MANUAL, null);

        assertThat(suppressions.list("A_B", new PageRequest(0, 20)).items()).extracting(Suppression::email)
                .containsExactly("a_b@example.com");
        assertThat(suppressions.list("%", new PageRequest(0, 20)).total()).isZero();
        assertThat(suppressions.list(" ", new PageRequest(0, 1)).total()).isEqualTo(2);
        assertThat(suppressions.list(null, new PageRequest(1, 1)).items()).hasSize(1);
    }

    @Test
    void liftingAndErasingTakeTheAddressOff() {
        suppressions.add(EmailAddress.of("lifted@example.com"), SuppressionReason.MANUAL, null);
        Subscriber erased = subscribers.add(EmailAddress.of("Erased@example.com"), new Preferences(
                List.of(Tag.of("Aviation")), Frequency.DAILY, ZoneId.of("UTC"), 7, true), SubscriberStatus.SUSPENDED);
        suppressions.add(EmailAddress.of("erased@example.com"), SuppressionReason.HARD_BOUNCE, null);

        assertThat(suppressions.lift(EmailAddress.of("LIFTED@example.com"))).isTrue();
        assertThat(suppressions.lift(EmailAddress.of("lifted@example.com"))).isFalse();
        subscribers.erase(erased.id());

        assertThat(suppressions.list(null, new PageRequest(0, 20)).total()).isZero();
    }
}

package news.dispatch.core.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import news.dispatch.core.CoreTestApplication;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.SubscriberQuery.Order;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.testing.ResetsDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** How admins find readers: filters, orders, pages, the walk an export takes, and erasure. */
@SpringBootTest(classes = CoreTestApplication.class)
@ResetsDatabase("subscriber")
class SubscriberSearchIT {

    @Autowired
    Subscribers subscribers;

    @Autowired
    JdbcClient jdbc;

    Subscriber anna;
    Subscriber bob;
    Subscriber carla;
    Subscriber dan;

    @BeforeEach
    void readers() {
        anna = add("Anna@Example.com", SubscriberStatus.ACTIVE, "#Aviation", "#Ukraine");
        bob = add("bob_smith@example.org", SubscriberStatus.PENDING, "#Aviation");
        carla = add("carla%off@example.com", SubscriberStatus.ACTIVE, "#Ukraine");
        dan = subscribers.update(add("dan@example.net", SubscriberStatus.ACTIVE, "#Aviation").suspend());
    }

    @Test
    void listsEveryoneNewestFirstWithTheirTags() {
        Page<Subscriber> page = subscribers.search(SubscriberQuery.all(), new PageRequest(0, 20));

        assertThat(page.items()).extracting(Subscriber::id).containsExactly(dan.id(), carla.id(), bob.id(), anna.id());
        assertThat(page.total()).isEqualTo(4);
        assertThat(page.items().get(3).preferences().tags()).extracting(Tag::label)
                .containsExactly("Aviation", "Ukraine");
    }

    @Test
    void filtersByStatusTagAndPartOfTheAddressTogether() {
        assertThat(search(new SubscriberQuery(SubscriberStatus.ACTIVE, null, null, null)))
                .containsExactly(carla.id(), anna.id());
        assertThat(search(new SubscriberQuery(null, TagKey.of("aviation"), null, null)))
                .containsExactly(dan.id(), bob.id(), anna.id());
        assertThat(search(new SubscriberQuery(SubscriberStatus.ACTIVE, TagKey.of("Aviation"), null, null)))
                .containsExactly(anna.id());
        assertThat(search(new SubscriberQuery(null, null, "EXAMPLE.COM", null)))
                .containsExactly(carla.id(), anna.id());
        assertThat(search(new SubscriberQuery(null, TagKey.of("ukraine"), "anna", null))).containsExactly(anna.id());
        assertThat(search(new SubscriberQuery(null, TagKey.of("nobody-follows"), null, null))).isEmpty();
    }

    @Test
    void likeWildcardsInTheSearchTextAreTakenLiterally() {
        assertThat(search(new SubscriberQuery(null, null, "%", null))).containsExactly(carla.id());
        assertThat(search(new SubscriberQuery(null, null, "a_n", null))).isEmpty();
        assertThat(search(new SubscriberQuery(null, null, "b_smith", null))).containsExactly(bob.id());
    }

    @Test
    void sortsByAddressOrAge() {
        assertThat(search(new SubscriberQuery(null, null, null, Order.EMAIL)))
                .containsExactly(anna.id(), bob.id(), carla.id(), dan.id());
        assertThat(search(new SubscriberQuery(null, null, null, Order.EMAIL_DESCENDING)))
                .containsExactly(dan.id(), carla.id(), bob.id(), anna.id());
        assertThat(search(new SubscriberQuery(null, null, null, Order.OLDEST_FIRST)))
                .containsExactly(anna.id(), bob.id(), carla.id(), dan.id());
    }

    /** A reader restored from an export keeps their sign-up, and is sorted by it, not by when the row came. */
    @Test
    void sortsByWhenReadersSignedUpNotWhenTheirRowsCame() {
        Subscriber restored = subscribers.restore(EmailAddress.of("back@example.com"), new Preferences(
                        List.of(Tag.of("#Aviation")), Frequency.DAILY, ZoneId.of("UTC"), 7, true),
                SubscriberStatus.ACTIVE, Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2020-01-02T00:00:00Z"));

        assertThat(search(SubscriberQuery.all())).containsExactly(dan.id(), carla.id(), bob.id(), anna.id(),
                restored.id());
        assertThat(search(new SubscriberQuery(null, null, null, Order.OLDEST_FIRST))).first()
                .isEqualTo(restored.id());
    }

    @Test
    void pagesDoNotOverlapAndCountEveryMatch() {
        Page<Subscriber> first = subscribers.search(new SubscriberQuery(null, null, null, Order.EMAIL),
                new PageRequest(0, 3));
        Page<Subscriber> second = subscribers.search(new SubscriberQuery(null, null, null, Order.EMAIL),
                new PageRequest(1, 3));
        Page<Subscriber> beyond = subscribers.search(SubscriberQuery.all(), new PageRequest(5, 3));

        assertThat(first.items()).extracting(Subscriber::id).containsExactly(anna.id(), bob.id(), carla.id());
        assertThat(second.items()).extracting(Subscriber::id).containsExactly(dan.id());
        assertThat(List.of(first.total(), second.total(), beyond.total())).containsOnly(4L);
        assertThat(beyond.items()).isEmpty();
    }

    @Test
    void walksEveryReaderInBatchesById() {
        List<Subscriber> firstBatch = subscribers.listAfter(SubscriberQuery.all(), 0, 3);
        List<Subscriber> rest = subscribers.listAfter(SubscriberQuery.all(), firstBatch.get(2).id(), 3);
        List<Subscriber> active = subscribers.listAfter(SubscriberQuery.all().withStatus(SubscriberStatus.ACTIVE),
                0, 10);

        assertThat(firstBatch).extracting(Subscriber::id).containsExactly(anna.id(), bob.id(), carla.id());
        assertThat(rest).extracting(Subscriber::id).containsExactly(dan.id());
        assertThat(active).extracting(Subscriber::id).containsExactly(anna.id(), carla.id());
        assertThat(firstBatch.get(0).preferences().tags()).hasSize(2);
    }

    @Test
    void erasingAReaderLeavesNothingButACount() {
        long erasedBefore = subscribers.countErased();

        assertThat(subscribers.erase(anna.id())).isTrue();
        assertThat(subscribers.erase(anna.id())).isFalse();

        assertThat(subscribers.find(anna.id())).isEmpty();
        assertThat(jdbc.sql("select count(*) from subscriber_tag where subscriber_id = ?").param(anna.id())
                .query(Long.class).single()).isZero();
        assertThat(subscribers.countErased()).isEqualTo(erasedBefore + 1);
    }

    private List<Long> search(SubscriberQuery query) {
        return subscribers.search(query, new PageRequest(0, 50)).items().stream().map(Subscriber::id).toList();
    }

    private Subscriber add(String email, SubscriberStatus status, String... tags) {
        return subscribers.add(EmailAddress.of(email), new Preferences(Arrays.stream(tags).map(Tag::of).toList(),
                Frequency.DAILY, ZoneId.of("UTC"), 7, true), status);
    }
}

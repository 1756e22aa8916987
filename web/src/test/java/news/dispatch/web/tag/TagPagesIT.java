package news.dispatch.web.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.tag.Tag;

import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.AdminApiJourney;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.Test;

/** The admin's tags page as a browser without scripts uses it: duplicates found, a merge confirmed, then done. */
@ResetsDatabase({"delivery", "subscriber", "article"})
class TagPagesIT extends AdminApiJourney {

    @Test
    void theEditorsFormGivesAnAliasTheTagItStandsFor() {
        String own = "e" + UUID.randomUUID().toString().substring(0, 6);
        ApiClient editor = deskEditor();
        editor.post("/api/articles", "{\"title\": \"One\", \"tags\": [\"%sUS-Migration\"]}".formatted(own));
        editor.post("/api/articles", "{\"title\": \"Two\", \"tags\": [\"%sUSMigration\"]}".formatted(own));
        assertThat(admin.post("/api/admin/tags/" + own + "us-migration/merge", "{\"into\": \"%sUSMigration\"}"
                .formatted(own)).status()).isEqualTo(200);
        Browser browser = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        Browser.Page form = browser.get("/editor/articles/new");

        Browser.Page published = browser.post("/editor/articles", "_csrf", form.csrf(), "title", "Three",
                "moreTags", "#" + own + "US Migration", "publishedAt", "2025-11-29T14:23");

        assertThat(published.status()).as(published.toString()).isEqualTo(302);
        assertThat(editor.get("/api/articles?tag=" + own + "usmigration").json().get("items").get(0).get("tags")
                .toString()).isEqualTo("[\"" + own + "usmigration\"]");
    }

    @Test
    void anAdminMergesALikelyDuplicateAfterConfirmingIt() {
        String own = "p" + UUID.randomUUID().toString().substring(0, 6);
        for (String tags : new String[] {"\"%1$sUS-Migration\"", "\"%1$sUSMigration\", \"%1$sRail\"",
                "\"%1$sUSMigration\""}) {
            Answer created = deskEditor().post("/api/articles", """
                    {"title": "A story", "tags": [%s]}""".formatted(tags.formatted(own)));
            assertThat(created.status()).isEqualTo(201);
        }
        Browser browser = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);

        Browser.Page list = browser.get("/admin/tags?q=" + own);
        assertThat(list.status()).isEqualTo(200);
        String merge = "/admin/tags/merge?key=" + own + "us-migration&amp;into=" + own + "usmigration";
        assertThat(list.body()).contains("Probably the same tag", "Merge #" + own + "US-Migration into #" + own
                + "USMigration", merge, "#" + own + "Rail");

        Browser.Page confirm = browser.get(merge.replace("&amp;", "&"));
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("Merge #" + own + "US-Migration into #" + own + "USMigration?",
                "1 story and 0 followers", "2 stories");

        assertThat(browser.post("/admin/tags/merge", "key", own + "us-migration", "into", own + "usmigration")
                .status()).as("without the CSRF token").isEqualTo(403);
        Browser.Page merged = browser.post("/admin/tags/merge", "key", own + "us-migration", "into",
                own + "usmigration", "_csrf", confirm.csrf());
        assertThat(merged.status()).isEqualTo(302);
        assertThat(merged.header("Location")).as("the tags named as the newsroom writes them")
                .endsWith("/admin/tags?merged=" + own + "US-Migration&into=" + own + "USMigration");

        Browser.Page after = browser.follow(merged);
        assertThat(after.body()).contains("#" + own + "US-Migration is merged into #" + own + "USMigration",
                "<code>" + own + "us-migration</code>").doesNotContain("Merge #" + own + "US-Migration into");
        assertThat(new Browser(port).get("/tags/" + own + "us-migration").body()).as("the alias's page is the tag's")
                .contains("Stories on #" + own + "USMigration").doesNotContain("#" + own + "us-migration");
        assertThat(browser.get("/admin/tags/merge?key=" + own + "us-migration&into=" + own + "usmigration").status())
                .isEqualTo(409);
        Browser.Page unknown = browser.get("/admin/tags/merge?key=" + own + "nothing&into=" + own + "usmigration");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).as("the tags page, the form's mistake beside it and what was typed kept")
                .contains("<h1>Tags</h1>", "id=\"merge-error\"", "There is no tag #" + own + "nothing",
                        "value=\"" + own + "nothing\"", "aria-invalid=\"true\"");
    }

    @Test
    void theReadersPreferencesPageFlagsTheTagsNoStoryCarriesYetInTheirLanguage() {
        String own = "n" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(deskEditor().post("/api/articles", """
                {"title": "An old story", "tags": ["%sRail"], "publishedAt": "2025-11-29T14:23:00Z"}"""
                .formatted(own)).status()).isEqualTo(201);
        Map<Language, String> flags = Map.of(Language.EN, "no stories yet", Language.DE, "noch keine Meldungen",
                Language.FR, "pas encore d’articles");

        flags.forEach((language, flag) -> {
            Subscriber reader = subscribers.add(EmailAddress.of(language.code() + "." + own + "@example.com"),
                    new Preferences(List.of(Tag.of(own + "Rail"), Tag.of(own + "Brandnew")), Frequency.DAILY,
                            ZoneOffset.UTC, 7, true).withLanguage(language), SubscriberStatus.ACTIVE);

            Browser.Page page = new Browser(port).get("/preferences/"
                    + subscribers.linkToken(reader, LinkPurpose.PREFERENCES));

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).as(language.code())
                    .contains("#" + own + "Brandnew <span class=\"count\">" + flag + "</span>")
                    .contains("#" + own + "Rail</label>")
                    .as("what the page's script says of typed tags, in the reader's language too")
                    .contains("data-no-stories=\"" + flag + "\"")
                    .contains(Map.of(Language.EN, "did you mean #{near}?", Language.DE, "Meinten Sie #{near}?",
                            Language.FR, "vouliez-vous dire #{near} ?").get(language));
        });
    }
}

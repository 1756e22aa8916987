package news.dispatch.web.article;

import news.dispatch.core.testing.OnPostgres;
import org.springframework.test.context.ContextConfiguration;

/** The articles API on PostgreSQL: the same answers, paging and problems as on H2. */
@ContextConfiguration(initializers = OnPostgres.class)
class ArticlesApiOnPostgresIT extends ArticlesApiIT {
}

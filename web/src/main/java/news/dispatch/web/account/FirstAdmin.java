package news.dispatch.web.account;

import news.dispatch.core.link.LinkTokens;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Makes sure there is a way in: the admin account from {@link AdminSettings}. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class FirstAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final Accounts accounts;
    private final AdminSettings settings;

    FirstAdmin(Accounts accounts, AdminSettings settings) {
        this.accounts = accounts;
        this.settings = settings;
    }

    @Override
    public void run(ApplicationArguments args) {
        String password = settings.password();
        if (settings.hasPassword()) {
            if (!accounts.hasPassword(settings.username(), password)) {
                accounts.save(settings.username(), password, Role.ADMIN);
                log.info("Admin account '{}' set from dispatch.admin.password", settings.username());
            }
            // Taken all the same: refusing would stop a node whose setting an earlier version took.
            String weakness = settings.weakness();
            if (weakness != null) {
                log.warn("dispatch.admin.password is easy to guess ({}): set a stronger one (a new password given "
                        + "on the Users page is set back to it at the next start)", weakness);
            }
            return;
        }
        if (!accounts.exists(settings.username())) {
            String generated = LinkTokens.random().substring(0, 24);
            accounts.save(settings.username(), generated, Role.ADMIN);
            // Logged this once only: the database keeps just the hash.
            log.warn("""

                    ============================================================
                    Created admin account '{}' with the generated password:

                        {}

                    It is shown only now. Set dispatch.admin.password to choose one.
                    ============================================================""",
                    settings.username(), generated);
        }
    }
}

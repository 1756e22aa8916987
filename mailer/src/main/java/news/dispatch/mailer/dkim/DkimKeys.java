package news.dispatch.mailer.dkim;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.mailer.sender.SenderIdentity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Dispatch's DKIM keys: the one configured in {@code dispatch.mail.dkim.private-key}, or those kept in the database
 * (the first generated at start), and their rotation under new selectors: a key is made ({@link KeyState#PUBLISH}),
 * published in DNS by the admin, activated (the key of its algorithm that signed until then is retired), retired.
 * Every node signs with the keys active in the database, read again once {@link #REFRESH} has passed (when the node
 * next takes a batch of mail: {@link #refresh}), and at once on the node that changed them: one query per node and
 * period, never one per message.
 */
public class DkimKeys {

    private static final Logger log = LoggerFactory.getLogger(DkimKeys.class);

    /** How long a node signs with the keys it read before it reads them again. */
    static final Duration REFRESH = Duration.ofSeconds(30);

    private static final String COLUMNS = "selector, algorithm, private_key, public_key, state, created_at, "
            + "activated_at, retired_at";

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final DkimSettings settings;
    private final String domain;
    private final KeyMaterial configured;
    private volatile Loaded loaded;
    /** Counts the changes made on this node; the keys read before the last one are read again. */
    private final AtomicLong changes = new AtomicLong();

    DkimKeys(JdbcClient jdbc, TransactionTemplate transaction, Clock clock, DkimSettings settings,
             SenderIdentity sender) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.settings = settings;
        this.domain = settings.domain().isEmpty() ? sender.domain() : settings.domain();
        this.configured = settings.privateKey().isBlank() ? null : KeyMaterial.configured(settings.privateKey());
        if (settings.enabled() && settings.nativeRsa()) {
            // Loaded at start rather than with the first email, so the log says from the start which signs.
            NativeRsa.provider();
        } else if (settings.enabled()) {
            log.info("DKIM signs RSA with the JDK (dispatch.mail.dkim.native-rsa=false)");
        }
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** The signing domain, {@code d=}. */
    public String domain() {
        return domain;
    }

    /** The selector of the first key: the configured one, or the one generated at start. */
    public String selector() {
        return settings.selector();
    }

    /** A signer for one SMTP connection, signing with the keys active now (nothing when DKIM is off). */
    public DkimSigner signer() {
        return new DkimSigner(this::current, settings.nativeRsa());
    }

    /**
     * Reads the keys again if {@link #REFRESH} has passed: called where the node takes its next batch of mail, so that
     * the signers' own path never does. Asked before each message there, the read came once every 30 s into the
     * hottest code the JIT had compiled (a branch it had never seen taken) and had it thrown away and compiled again:
     * the signer and the sending loop made not entrant 30 s into a signed delivery (PrintCompilation, 5 December 2026),
     * and the worker that read waited for the database.
     */
    public void refresh() {
        signing();
    }

    /** The configured key, then the stored ones: those that sign, those to publish, the retired; newest first. */
    public List<DkimKey> list() {
        List<DkimKey> keys = new ArrayList<>();
        if (configured != null) {
            keys.add(new DkimKey(selector(), configured.algorithm().tag(), KeyState.ACTIVE, configured.bits(),
                    dnsName(selector()), dnsTxt(configured.algorithm(), configured.publicKey()), null, null, null,
                    true, true));
        }
        jdbc.sql("select " + COLUMNS + " from dkim_key order by case state when 'ACTIVE' then 0 "
                        + "when 'PUBLISH' then 1 else 2 end, created_at desc, selector")
                .query(this::key).list().stream()
                .filter(key -> configured == null || !key.selector().equals(selector()))
                .forEach(keys::add);
        return keys;
    }

    /**
     * Makes a key under a new selector, to be published in DNS before it signs.
     *
     * @throws InvalidInput    naming {@code selector} or {@code algorithm}
     * @throws RotationRefused the selector is taken
     */
    public DkimKey create(String selector, String algorithm) {
        String name = selector == null ? "" : selector.strip().toLowerCase(Locale.ROOT);
        if (name.length() > 63 || !DkimSettings.SELECTOR.matcher(name).matches()) {
            throw new InvalidInput("selector", "selector must be a DNS label of 1 to 63 letters, digits and hyphens");
        }
        DkimAlgorithm chosen = DkimAlgorithm.of(algorithm);
        if (configured != null && name.equals(selector())) {
            throw new RotationRefused("The selector " + name + " is the configured key's "
                    + "(dispatch.mail.dkim.private-key); choose another.");
        }
        KeyMaterial key = KeyMaterial.generate(chosen);
        try {
            jdbc.sql("insert into dkim_key (selector, algorithm, private_key, public_key, state, created_at) "
                            + "values (?, ?, ?, ?, 'PUBLISH', ?)")
                    .params(name, chosen.tag(), key.storedPrivateKey(), key.publicKey(),
                            Timestamps.utc(Timestamps.now(clock)))
                    .update();
        } catch (DuplicateKeyException taken) {
            throw new RotationRefused("There is a key with the selector " + name + " already; a new key needs a new "
                    + "selector, so that its DNS record is new too.");
        }
        return find(name);
    }

    /**
     * Lets a published key sign; the key of its algorithm that signed until now is retired, and stays listed so its DNS
     * record is kept for the mail still on its way. Activating the active key again changes nothing.
     *
     * @throws DkimKeyNotFound no key has that selector
     * @throws RotationRefused it was retired, or its algorithm's key is the configured one
     */
    public DkimKey activate(String selector) {
        refuseConfigured(selector, "activated");
        transaction.executeWithoutResult(status -> {
            DkimKey key = lockedFind(selector);
            if (key.state() == KeyState.RETIRED) {
                throw new RotationRefused("The key " + selector + " was retired and signs no more: make a new key "
                        + "instead, and publish it.");
            }
            if (configured != null && configured.algorithm().tag().equals(key.algorithm())) {
                throw new RotationRefused("The configured key (dispatch.mail.dkim.private-key) signs "
                        + key.algorithm() + "; change it in the configuration to rotate it.");
            }
            if (key.state() == KeyState.PUBLISH) {
                Instant now = Timestamps.now(clock);
                jdbc.sql("update dkim_key set state = 'RETIRED', retired_at = ? "
                                + "where algorithm = ? and state = 'ACTIVE'")
                        .params(Timestamps.utc(now), key.algorithm())
                        .update();
                jdbc.sql("update dkim_key set state = 'ACTIVE', activated_at = ? where selector = ?")
                        .params(Timestamps.utc(now), selector)
                        .update();
            }
        });
        reread();
        return find(selector);
    }

    /**
     * Retires a key: it signs no more, or, not yet published, never will. The last key that signs is not retired:
     * activate another first. Retiring a retired key changes nothing.
     *
     * @throws DkimKeyNotFound no key has that selector
     * @throws RotationRefused it is the configured key or the only one that signs
     */
    public DkimKey retire(String selector) {
        refuseConfigured(selector, "retired");
        transaction.executeWithoutResult(status -> {
            DkimKey key = lockedFind(selector);
            if (key.state() == KeyState.ACTIVE) {
                long others = jdbc.sql("select count(*) from dkim_key where state = 'ACTIVE' and selector <> ?")
                        .param(selector).query(Long.class).single() + (configured == null ? 0 : 1);
                if (others == 0) {
                    throw new RotationRefused("The key " + selector + " is the only one that signs; activate "
                            + "another key first, or mail would go out unsigned.");
                }
            }
            jdbc.sql("update dkim_key set state = 'RETIRED', retired_at = ? where selector = ? and state <> 'RETIRED'")
                    .params(Timestamps.utc(Timestamps.now(clock)), selector)
                    .update();
        });
        reread();
        return find(selector);
    }

    /** Reads the active keys again before the next message, as after a change made on this node. */
    void reread() {
        changes.incrementAndGet();
    }

    /**
     * With DKIM on and no key configured, makes the first key (RSA, 2048 bits, under {@code selector}) when the
     * database holds none. Nodes starting together each make one and insert it under the same selector: the first
     * insert wins and the others keep what it stored.
     */
    void generateFirstKey() {
        if (!settings.enabled() || configured != null) {
            return;
        }
        if (jdbc.sql("select count(*) from dkim_key").query(Long.class).single() > 0) {
            return;
        }
        KeyMaterial key = KeyMaterial.generate(DkimAlgorithm.RSA_SHA256);
        Instant now = Timestamps.now(clock);
        try {
            int inserted = jdbc.sql("""
                            insert into dkim_key (selector, algorithm, private_key, public_key, state, created_at,
                                                  activated_at)
                            select ?, ?, ?, ?, 'ACTIVE', ?, ? where not exists (select 1 from dkim_key)""")
                    .params(selector(), key.algorithm().tag(), key.storedPrivateKey(), key.publicKey(),
                            Timestamps.utc(now), Timestamps.utc(now))
                    .update();
            if (inserted == 1) {
                log.info("Made a DKIM key (rsa-sha256, 2048 bits); publish its record, shown on /admin/sending, at {}",
                        dnsName(selector()));
            }
        } catch (DuplicateKeyException anotherNode) {
            log.debug("Another node made the first DKIM key");
        }
    }

    /** The keys as the signers read them before each message: the keys read last, read again after a change here. */
    SigningKeys current() {
        Loaded current = loaded;
        return current != null && current.changes() == changes.get() ? current.keys() : signing();
    }

    /** The keys that sign now: read again when {@link #REFRESH} has passed, or at once after a change here. */
    SigningKeys signing() {
        if (!settings.enabled()) {
            return SigningKeys.NONE;
        }
        Loaded current = loaded;
        return current == null || stale(current) ? reload() : current.keys();
    }

    private boolean stale(Loaded current) {
        return current.changes() != changes.get() || !clock.instant().isBefore(current.at().plus(REFRESH));
    }

    private synchronized SigningKeys reload() {
        Loaded current = loaded;
        if (current != null && !stale(current)) {
            return current.keys();
        }
        // Counted before reading: a change made while the keys are read has them read again.
        long seen = changes.get();
        Instant now = clock.instant();
        try {
            List<SigningKeys.Key> keys = new ArrayList<>();
            if (configured != null) {
                keys.add(new SigningKeys.Key(selector(), configured.algorithm(), configured.privateKey()));
            }
            jdbc.sql("select selector, algorithm, private_key, public_key from dkim_key where state = 'ACTIVE' "
                            + "order by selector")
                    .query((rs, row) -> KeyMaterialRow.of(rs))
                    .list().stream()
                    .filter(row -> configured == null
                            || row.algorithm() != configured.algorithm() && !row.selector().equals(selector()))
                    .forEach(row -> keys.add(new SigningKeys.Key(row.selector(), row.algorithm(),
                            KeyMaterial.stored(row.algorithm(), row.privateKey(), row.publicKey()).privateKey())));
            keys.sort(Comparator.comparing(SigningKeys.Key::algorithm));
            if (keys.isEmpty()) {
                log.warn("DKIM is on but no key is active: mail goes out unsigned until a key is activated");
            }
            log.debug("DKIM keys that sign: {}", keys.stream().map(key -> key.selector() + " (" + key.algorithm().tag()
                    + ")").toList());
            SigningKeys read = new SigningKeys(domain, keys);
            // The same keys read again stay the same instance, which signers take for "nothing changed".
            loaded = new Loaded(current != null && current.keys().equals(read) ? current.keys() : read, now, seen);
        } catch (RuntimeException e) {
            if (current == null) {
                throw e;
            }
            // The database is away: sign with the keys read last, and try again after the next period.
            log.warn("DKIM keys could not be read again; signing with those read before: {}", e.toString());
            loaded = new Loaded(current.keys(), now, seen);
        }
        return loaded.keys();
    }

    private void refuseConfigured(String selector, String what) {
        if (configured != null && selector.equals(selector())) {
            throw new RotationRefused("The key " + selector + " is configured (dispatch.mail.dkim.private-key) and "
                    + "is not " + what + " here: change the configuration to rotate it.");
        }
    }

    private DkimKey find(String selector) {
        return jdbc.sql("select " + COLUMNS + " from dkim_key where selector = ?").param(selector)
                .query(this::key).optional().orElseThrow(() -> new DkimKeyNotFound(selector));
    }

    /** The key, its algorithm's keys locked, so that two activations at once leave one active. */
    private DkimKey lockedFind(String selector) {
        DkimKey key = find(selector);
        jdbc.sql("select selector from dkim_key where algorithm = ? for update").param(key.algorithm())
                .query(String.class).list();
        return find(selector);
    }

    private DkimKey key(ResultSet rs, int row) throws SQLException {
        String selector = rs.getString("selector");
        DkimAlgorithm algorithm = DkimAlgorithm.of(rs.getString("algorithm"));
        String publicKey = rs.getString("public_key");
        KeyState state = KeyState.valueOf(rs.getString("state"));
        return new DkimKey(selector, algorithm.tag(), state,
                algorithm == DkimAlgorithm.RSA_SHA256 ? KeyMaterial.stored(algorithm, rs.getString("private_key"),
                        publicKey).bits() : 256,
                dnsName(selector), dnsTxt(algorithm, publicKey), Timestamps.read(rs, "created_at"),
                Timestamps.read(rs, "activated_at"), Timestamps.read(rs, "retired_at"), false,
                state == KeyState.ACTIVE && (configured == null || configured.algorithm() != algorithm));
    }

    private String dnsName(String selector) {
        return selector + "._domainkey." + domain;
    }

    private static String dnsTxt(DkimAlgorithm algorithm, String publicKey) {
        return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + publicKey;
    }

    private record Loaded(SigningKeys keys, Instant at, long changes) {
    }

    private record KeyMaterialRow(String selector, DkimAlgorithm algorithm, String privateKey, String publicKey) {

        static KeyMaterialRow of(ResultSet rs) throws SQLException {
            return new KeyMaterialRow(rs.getString("selector"), DkimAlgorithm.of(rs.getString("algorithm")),
                    rs.getString("private_key"), rs.getString("public_key"));
        }
    }
}

package news.dispatch.mailer.dkim;

import java.security.Provider;
import java.util.Optional;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS-LC's RSA, through Amazon Corretto Crypto Provider, for DKIM: with the JDK's RSA, the 2048-bit signature was most
 * of a signed message's cost, and signing a 51 KB digest takes 339 µs here against the JDK's 1,078 µs (the mailer
 * benchmark). Its native library ships for Linux x86-64; elsewhere, or when it fails its self-tests, the JDK signs.
 * Only the signer uses it: Dispatch installs no provider for the rest of the JVM (TLS, the database's drivers).
 */
final class NativeRsa {

    private static final Logger log = LoggerFactory.getLogger(NativeRsa.class);

    private NativeRsa() {
    }

    /** The provider, loaded once; empty where its library does not load here. */
    static Optional<Provider> provider() {
        return Optional.ofNullable(Loaded.PROVIDER);
    }

    /** Loads the library on first use only, so a run without DKIM never maps it. */
    private static final class Loaded {

        static final Provider PROVIDER = load();

        private static Provider load() {
            try {
                AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
                if (provider.getLoadingError() != null) {
                    return theJdk(provider.getLoadingError());
                }
                provider.assertHealthy();
                log.info("DKIM signs RSA with {} (Amazon Corretto Crypto Provider {})",
                        provider.getAwsLcVersionStr(), provider.getVersionStr());
                return provider;
            } catch (LinkageError | RuntimeException e) {
                return theJdk(e);
            }
        }

        private static Provider theJdk(Throwable why) {
            log.info("DKIM signs RSA with the JDK: AWS-LC did not load here ({})", why.toString());
            return null;
        }
    }
}

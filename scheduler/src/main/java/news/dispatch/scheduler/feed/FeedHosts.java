package news.dispatch.scheduler.feed;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;

import news.dispatch.core.net.PublicHosts;

import org.apache.hc.client5.http.DnsResolver;

/**
 * Where a feed may be fetched from: the {@link PublicHosts} rule with {@code dispatch.feeds.allowed-hosts}. It is the
 * feed client's resolver, so the rule holds for the configured URL and for every redirect alike, at the moment each
 * is connected to.
 */
final class FeedHosts implements DnsResolver {

    private final PublicHosts hosts;

    FeedHosts(Collection<String> allowed) {
        this.hosts = new PublicHosts(allowed);
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return hosts.resolve(host);
    }

    /** Only asked for Kerberos and NTLM, which feeds never use: no reverse lookup to trust. */
    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}

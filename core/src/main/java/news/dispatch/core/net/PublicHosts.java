package news.dispatch.core.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where Dispatch may connect to on the web (a feed, a webhook): public addresses only, unless an admin allows the
 * host by name ({@code dispatch.feeds.allowed-hosts}, {@code dispatch.webhooks.allowed-hosts}). Used as a client's
 * resolver, the addresses checked are the addresses connected to: a name that resolves to a public address when
 * checked and to 127.0.0.1 when connected to (DNS rebinding) has no second lookup to slip through.
 */
public final class PublicHosts {

    private final Set<String> allowed;

    public PublicHosts(Collection<String> allowed) {
        this.allowed = allowed.stream().filter(host -> !host.isBlank()).map(PublicHosts::normal)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** A host is refused when any of its addresses is not public: a name that mixes both is no server of ours. */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        if (allowed.contains(normal(host))) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            String kind = nonPublic(address);
            if (kind != null) {
                boolean literal = normal(host).equals(address.getHostAddress()) || normal(host).contains(":");
                throw new HostRefused(literal ? host + " is " + kind
                        : host + " resolves to " + address.getHostAddress() + ", " + kind);
            }
        }
        return addresses;
    }

    /** What kind of address this is when Dispatch must not reach it (an inside network, this machine), else null. */
    public static String nonPublic(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "an unspecified address";
        }
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address (where cloud metadata services answer)";
        }
        if (address.isSiteLocalAddress()) {
            return "a private address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        byte[] bytes = address.getAddress();
        return address instanceof Inet4Address ? nonPublicIpv4(bytes) : nonPublicIpv6(bytes);
    }

    private static String nonPublicIpv4(byte[] bytes) {
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        int third = bytes[2] & 0xff;
        if (first == 0) {
            return "an unspecified address";
        }
        if (first == 10 || first == 172 && (second & 0xf0) == 16 || first == 192 && second == 168) {
            return "a private address";
        }
        if (first == 127) {
            return "a loopback address";
        }
        if (first == 169 && second == 254) {
            return "a link-local address (where cloud metadata services answer)";
        }
        if (first == 100 && (second & 0xc0) == 64) {
            return "a carrier-grade NAT address";
        }
        if (first == 192 && second == 0 && (third == 0 || third == 2) || first == 198 && (second & 0xfe) == 18
                || first == 198 && second == 51 && third == 100 || first == 203 && second == 0 && third == 113) {
            return "a reserved address";
        }
        if (first >= 224) {
            return first < 240 ? "a multicast address" : "a reserved address";
        }
        return null;
    }

    /** IPv6, including the forms that carry an IPv4 address inside (mapped, compatible, NAT64, 6to4). */
    private static String nonPublicIpv6(byte[] bytes) {
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return "a private address";
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return "a link-local address (where cloud metadata services answer)";
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return "a private address";
        }
        if (startsWith(bytes, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) && (bytes[10] & bytes[11] & 0xff) == 0xff
                || startsWith(bytes, 0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0)) {
            return nonPublicIpv4(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        }
        if (startsWith(bytes, 0x20, 0x02)) {
            return nonPublicIpv4(new byte[] {bytes[2], bytes[3], bytes[4], bytes[5]});
        }
        if (startsWith(bytes, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)) {
            return "an IPv4-compatible address";
        }
        if (startsWith(bytes, 0, 0x64, 0xff, 0x9b, 0, 1)) {
            return "a private address";
        }
        if (startsWith(bytes, 0x20, 0x01, 0, 0) || startsWith(bytes, 0x20, 0x01, 0x0d, 0xb8)
                || startsWith(bytes, 0x01, 0, 0, 0, 0, 0, 0, 0)) {
            return "a reserved address";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Host names compare without case or a final dot; IPv6 literals with or without brackets. */
    private static String normal(String host) {
        String normal = host.strip().toLowerCase(Locale.ROOT);
        if (normal.startsWith("[") && normal.endsWith("]")) {
            normal = normal.substring(1, normal.length() - 1);
        }
        return normal.endsWith(".") ? normal.substring(0, normal.length() - 1) : normal;
    }

    /** A host the rules refuse; its message names the host, the address and why. */
    public static final class HostRefused extends UnknownHostException {

        HostRefused(String message) {
            super(message);
        }
    }
}

package news.dispatch.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Only address literals here: resolving them asks no DNS server and nothing is connected to. */
class PublicHostsTest {

    private final PublicHosts hosts = new PublicHosts(List.of("LocalHost.", "[::1]", "10.1.2.3"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            169.254.169.254      | a link-local address (where cloud metadata services answer)
            127.0.0.2            | a loopback address
            0.0.0.0              | an unspecified address
            10.0.0.1             | a private address
            172.31.255.1         | a private address
            192.168.1.1          | a private address
            100.64.0.1           | a carrier-grade NAT address
            198.18.0.1           | a reserved address
            224.0.0.1            | a multicast address
            255.255.255.255      | a reserved address
            ::                   | an unspecified address
            ::2                  | an IPv4-compatible address
            fd00:ec2::254        | a private address
            fe80::1              | a link-local address (where cloud metadata services answer)
            ff02::1              | a multicast address
            ::ffff:169.254.169.254 | a link-local address (where cloud metadata services answer)
            64:ff9b::a9fe:a9fe   | a link-local address (where cloud metadata services answer)
            2002:7f00:1::        | a loopback address
            2001:db8::1          | a reserved address
            """)
    void refusesAddressesInsideOrOfThisMachine(String literal, String kind) throws Exception {
        assertThat(PublicHosts.nonPublic(InetAddress.getByName(literal))).isEqualTo(kind);
        assertThatThrownBy(() -> hosts.resolve(literal)).isInstanceOf(PublicHosts.HostRefused.class)
                .hasMessageContaining(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "172.32.0.1", "100.128.0.1", "2606:4700::6810:84e5",
            "::ffff:93.184.215.14", "2002:5db8:d70e::"})
    void takesPublicAddresses(String literal) throws Exception {
        assertThat(PublicHosts.nonPublic(InetAddress.getByName(literal))).isNull();
        assertThat(hosts.resolve(literal)).containsExactly(InetAddress.getByName(literal));
    }

    @Test
    void anAdminMayAllowAHostByTheNameOrAddressItIsWrittenWith() throws Exception {
        assertThat(hosts.resolve("localhost")).isNotEmpty();
        assertThat(hosts.resolve("::1")).containsExactly(InetAddress.getByName("::1"));
        assertThat(hosts.resolve("10.1.2.3")).containsExactly(InetAddress.getByName("10.1.2.3"));
        assertThatThrownBy(() -> hosts.resolve("127.0.0.1")).isInstanceOf(PublicHosts.HostRefused.class)
                .hasMessage("127.0.0.1 is a loopback address");
        assertThatThrownBy(() -> hosts.resolve("10.1.2.4")).isInstanceOf(PublicHosts.HostRefused.class);
    }
}

package news.dispatch.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import news.dispatch.web.account.Role;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

class StaffTest {

    @Test
    void anAdminSeesTheAdminSectionsAndAnEditorDoesNot() {
        assertThat(Staff.of(signedIn("ada", Role.ADMIN), null).admin()).isTrue();
        assertThat(Staff.of(signedIn("ed", Role.EDITOR), null)).isEqualTo(new Staff("ed", false, null));
    }

    @Test
    void nobodySignedInIsAStaffWithoutAName() {
        assertThat(Staff.of(null, null)).isEqualTo(new Staff(null, false, null));
        assertThat(Staff.of(new AnonymousAuthenticationToken("key", "anonymous",
                List.of(new SimpleGrantedAuthority("ROLE_ANONYMOUS"))), null)).isEqualTo(new Staff(null, false, null));
    }

    private static UsernamePasswordAuthenticationToken signedIn(String name, Role role) {
        return UsernamePasswordAuthenticationToken.authenticated(name, null,
                List.of(new SimpleGrantedAuthority(role.authority())));
    }
}

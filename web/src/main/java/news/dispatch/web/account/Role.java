package news.dispatch.web.account;

/** What an account may do. An admin may do everything an editor may. */
public enum Role {
    /** Publishes articles and sends alerts. */
    EDITOR,
    /** Everything, including subscribers, deliveries and accounts. */
    ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }

    /** Whether this role may do everything {@code other} may. */
    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }
}

package news.dispatch.web.account;

/** An account was not disabled or removed: it is the only enabled admin, and there must always be one. */
class LastAdmin extends RuntimeException {

    LastAdmin(String message) {
        super(message);
    }
}

package news.dispatch.mailer.outbox;

/** A story as an alert: a reader gets each story as an alert once, held by the same key as digests. */
record AlertPeriod(long articleId) implements DeliveryPeriod {

    @Override
    public String key() {
        return "ALERT " + articleId;
    }
}

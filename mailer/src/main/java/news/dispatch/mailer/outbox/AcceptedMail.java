package news.dispatch.mailer.outbox;

/** A delivery the SMTP server accepted, under the claim that sent it: what recording it {@code SENT} needs. */
record AcceptedMail(long id, String claim) {

    static AcceptedMail of(ClaimedDelivery delivery) {
        return new AcceptedMail(delivery.id(), delivery.claim());
    }
}

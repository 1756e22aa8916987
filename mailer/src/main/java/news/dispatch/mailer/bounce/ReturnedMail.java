package news.dispatch.mailer.bounce;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;

/**
 * Reads a message that came back to the return path and says what it means: pure, no database, no network. It
 * knows RFC 3464 delivery status notifications, RFC 5965 complaint reports, the plain-text bounces of Postfix,
 * qmail, Exchange and Gmail, and mailto unsubscribes; everything else (auto-replies, people's replies,
 * challenge-response mail, junk) is {@link Verdict#IGNORED}. It never throws on odd input: what it cannot read is
 * ignored, with the reason.
 * <p>
 * Bounce processors that read "a message from the mailer daemon with a 5xx in it" take out-of-office replies
 * (often sent from a null sender) for bounces. Here a text bounce needs a bounce's sender or subject, and failure
 * wording, and an auto-reply's subject rules it out.
 */
public final class ReturnedMail {

    private static final Session SESSION = Session.getInstance(new Properties());

    /** The mailto's subject; a client that left the link's {@code %20} as it was is understood too. */
    private static final Pattern UNSUBSCRIBE = Pattern.compile(
            "(?i)\\bunsubscribe(?:\\s|%20)+([A-Za-z0-9_-]{20,100})(?![A-Za-z0-9_-])");
    private static final Pattern STATUS = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.])");
    private static final Pattern UNSUBSCRIBE_WORD = Pattern.compile("(?i)\\bunsubscribe\\b");
    private static final Pattern SMTP_REPLY = Pattern.compile("(?m)(?:^|[\\s:'\"(])([45][0-5]\\d)(?=[ -])");
    private static final Pattern MESSAGE_ID_LINE = Pattern.compile(
            "(?im)^[ \\t]*+>?[ \\t]*+Message-ID:[ \\t]*+(<[^>\\s]++>)");
    /** Starts only where a run of address characters starts, so a long run without an {@code @} costs one pass. */
    private static final Pattern ADDRESS = Pattern.compile("(?<![A-Za-z0-9!#$%&'*+/=?^_`{|}~.-])"
            + "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]++@[A-Za-z0-9-]++(?:\\.[A-Za-z0-9-]++)+");
    /** How much of a message's own text is read: a bounce says what it means in its first lines. */
    private static final int MAX_TEXT = 64 * 1024;
    /** RFC 5965's types a person's report has: this is spam, this is a fraud. */
    private static final Set<String> COMPLAINT_TYPES = Set.of("abuse", "fraud");
    private static final Pattern DAEMON = Pattern.compile(
            "(?i)^(mailer-daemon|postmaster|mail-daemon|mailerdaemon|bounces?|double-bounce)@");
    private static final Pattern DAEMON_NAME = Pattern.compile(
            "(?i)mail delivery (system|subsystem)|mailer-daemon|postmaster|microsoft outlook");
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile("(?i)undeliver|returned mail|returned to sender"
            + "|delivery status notification|delivery (has )?failed|failure notice|mail delivery failed"
            + "|delivery failure|could not be delivered|not delivered|nondeliverable|address not found");
    private static final Pattern DELAY_SUBJECT = Pattern.compile(
            "(?i)delayed mail|delivery delayed|\\(delay\\)|still being retried|warning: message|delivery incomplete");
    private static final Pattern AUTO_REPLY_SUBJECT = Pattern.compile("(?i)out of (the )?office|automatic reply"
            + "|auto(matic)?[ -]?(reply|response)|autoreply|abwesenheit|absence|on vacation|vacation reply"
            + "|away from (the |my )?office|r[ée]ponse automatique|^auto:");
    private static final Pattern CHALLENGE = Pattern.compile("(?i)please confirm (your|that you)|verify (that )?you"
            + "(r email| are (a )?human)|challenge|spam ?arrest|boxbe|sender verification|whitelist");
    /** Wording of a bounce that gave up for good, where a text bounce gives no status. */
    private static final Pattern PERMANENT = Pattern.compile("(?i)permanent(ly)? (error|failure|fatal)|i've given up"
            + "|delivery has failed|address not found|user unknown|unknown user|no such user|does not exist"
            + "|couldn't be found|could not be found|mailbox unavailable|recipient address rejected"
            + "|wasn't delivered|was not delivered|could not be delivered|undeliverable|failed permanently");
    private static final Pattern GAVE_UP = Pattern.compile("(?i)giving up|given up|gave up|too long|expired"
            + "|failed|could not be delivered|wasn't delivered|undeliverable");
    /** Where a text bounce's own words end and the returned message starts. */
    private static final Pattern ORIGINAL_FOLLOWS = Pattern.compile("(?im)^(-+ ?(below this line is a copy"
            + "|original message|this is a copy|undelivered message)|original message headers"
            + "|----- original message|^received: )");

    private ReturnedMail() {
    }

    /** Reads a message as it came from the mailbox, bytes and all. */
    public static Reading read(byte[] raw) {
        try {
            return read(new MimeMessage(SESSION, new ByteArrayInputStream(raw)));
        } catch (MessagingException | RuntimeException e) {
            return ignored("the message could not be read: " + e.getClass().getSimpleName());
        }
    }

    public static Reading read(MimeMessage message) {
        try {
            return new Clues(message).reading();
        } catch (MessagingException | IOException | RuntimeException e) {
            return ignored("the message could not be read: " + e.getClass().getSimpleName());
        }
    }

    private static Reading ignored(String why) {
        return new Reading(Verdict.IGNORED, null, why, List.of(), List.of(), List.of(), null, false);
    }

    /** What one message holds, gathered once. */
    private static final class Clues {

        private final MimeMessage message;
        private final String subject;
        private final String from;
        private final String fromName;
        private final Set<String> addressedTo = new LinkedHashSet<>();
        private final Set<String> messageIds = new LinkedHashSet<>();
        private final Set<String> recipients = new LinkedHashSet<>();
        /** The text parts of the message itself, not of a message it returns. */
        private final StringBuilder text = new StringBuilder();
        private final List<Map<String, String>> deliveryStatus = new ArrayList<>();
        private Map<String, String> feedback;
        private String reportType;

        Clues(MimeMessage message) throws MessagingException, IOException {
            this.message = message;
            this.subject = unfold(header(message, "Subject"));
            InternetAddress sender = firstAddress(header(message, "From"));
            this.from = sender == null ? "" : sender.getAddress().toLowerCase(Locale.ROOT);
            this.fromName = sender == null || sender.getPersonal() == null ? "" : sender.getPersonal();
            for (String name : new String[] {"Delivered-To", "X-Original-To", "To", "Envelope-To", "X-Envelope-To"}) {
                String[] values = message.getHeader(name);
                if (values != null) {
                    for (String value : values) {
                        addHeaderAddresses(addressedTo, value);
                    }
                }
            }
            String type = message.getContentType();
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/report")) {
                reportType = parameter(type, "report-type");
            }
            walk(message, 0);
        }

        Reading reading() {
            Matcher unsubscribe = UNSUBSCRIBE.matcher(subject);
            if (unsubscribe.find() && !daemon()) {
                return reading(Verdict.UNSUBSCRIBE, null, "mailto unsubscribe", unsubscribe.group(1));
            }
            // A mail program that dropped the mailto's subject, or a reader who wrote their own: the token may be in
            // the text; without it, nothing tells whose request it is (a From address is easily forged). A message
            // with no subject at all is read for it too, unless it is a report: the token is the reader's secret.
            boolean askedInSubject = UNSUBSCRIBE_WORD.matcher(subject).find();
            if ((askedInSubject || subject.isBlank() && reportType == null) && !daemon()) {
                Matcher inText = UNSUBSCRIBE.matcher(ownText());
                if (inText.find()) {
                    return reading(Verdict.UNSUBSCRIBE, null, "mailto unsubscribe, the token in the text",
                            inText.group(1));
                }
                if (askedInSubject) {
                    return reading(Verdict.IGNORED, null, "an unsubscribe request without the reader's token (the "
                            + "mailto's subject was left out): nobody changed; its sender can be unsubscribed by "
                            + "hand", null);
                }
            }
            if ("feedback-report".equalsIgnoreCase(reportType) && feedback != null) {
                return complaint();
            }
            if ("delivery-status".equalsIgnoreCase(reportType) && !deliveryStatus.isEmpty()) {
                return deliveryStatus();
            }
            String own = ownText();
            boolean autoReplySubject = AUTO_REPLY_SUBJECT.matcher(subject).find();
            if ((daemon() || BOUNCE_SUBJECT.matcher(subject).find()) && !autoReplySubject) {
                if (DELAY_SUBJECT.matcher(subject).find()) {
                    return reading(Verdict.IGNORED, null, "a delay warning: the mail is still being tried", null);
                }
                Reading bounce = textBounce(own);
                if (bounce != null) {
                    return bounce;
                }
            }
            if (autoReplySubject || autoSubmitted() || has("X-Autoreply") || has("X-Autorespond")
                    || "auto_reply".equalsIgnoreCase(value("Precedence"))) {
                return reading(Verdict.IGNORED, null, "an auto-reply", null);
            }
            if (CHALLENGE.matcher(subject).find() || has("X-Challenge") || has("X-Boxbe-Activity")) {
                return reading(Verdict.IGNORED, null, "a challenge-response request", null);
            }
            if ("bulk".equalsIgnoreCase(value("Precedence")) || "junk".equalsIgnoreCase(value("Precedence"))
                    || has("List-Unsubscribe")) {
                return reading(Verdict.IGNORED, null, "junk or another list's mail", null);
            }
            return reading(Verdict.IGNORED, null, "not a bounce, complaint or unsubscribe: a person's reply or junk",
                    null);
        }

        private Reading complaint() {
            addAddresses(recipients, feedback.get("original-rcpt-to"));
            addAddresses(recipients, feedback.get("removal-recipient"));
            String type = feedback.getOrDefault("feedback-type", "abuse").strip().toLowerCase(Locale.ROOT);
            if (type.equals("not-spam")) {
                return reading(Verdict.IGNORED, null, "a not-spam report", null);
            }
            // Only a person's report (spam, phishing) is the reader's complaint; a DMARC failure report
            // (auth-failure, RFC 6591), a virus scanner's or an unknown type says nothing about what the reader wants.
            if (!COMPLAINT_TYPES.contains(type)) {
                return reading(Verdict.IGNORED, null, "a feedback report of type " + type
                        + ", not a reader's complaint", null);
            }
            String agent = feedback.get("user-agent");
            return reading(Verdict.COMPLAINT, null, "feedback type " + type + (agent == null ? "" : " from " + agent),
                    null);
        }

        /** The worst failed recipient decides; a report with only delays, deliveries or relays changes nobody. */
        private Reading deliveryStatus() {
            Map<String, String> worst = null;
            for (Map<String, String> fields : deliveryStatus) {
                String action = fields.getOrDefault("action", "").strip().toLowerCase(Locale.ROOT);
                if (!action.equals("failed")) {
                    continue;
                }
                addAddresses(recipients, fields.get("original-recipient"));
                addAddresses(recipients, fields.get("final-recipient"));
                if (worst == null || !hard(worst) && hard(fields)) {
                    worst = fields;
                }
            }
            if (worst == null) {
                return reading(Verdict.IGNORED, null,
                        "a delivery status report without a failure (a delay warning or a receipt)", null);
            }
            String status = statusOf(worst.get("status"));
            String diagnostic = worst.get("diagnostic-code");
            if (status == null && diagnostic != null) {
                status = statusOf(diagnostic);
            }
            String detail = diagnostic == null ? null : diagnostic.replaceFirst("(?i)^\\s*smtp\\s*;\\s*", "");
            return reading(Verdict.ofFailure(status, diagnostic, soft(status, diagnostic)), status, detail, null);
        }

        private static boolean hard(Map<String, String> fields) {
            return !soft(statusOf(fields.get("status")), fields.get("diagnostic-code"));
        }

        /** Permanent unless a status, or failing that the SMTP reply, says the failure may pass. */
        private static boolean soft(String status, String diagnostic) {
            if (status != null) {
                return status.startsWith("4");
            }
            Matcher reply = SMTP_REPLY.matcher(diagnostic == null ? "" : diagnostic);
            return reply.find() && reply.group(1).startsWith("4");
        }

        /** Postfix, qmail, Exchange and Gmail bounces in plain words: the status, or failing that the SMTP reply. */
        private Reading textBounce(String own) {
            Matcher status = STATUS.matcher(own);
            String code = null;
            while (status.find()) {
                if (!status.group(1).equals("2")) {
                    code = status.group();
                    break;
                }
            }
            Matcher reply = SMTP_REPLY.matcher(own);
            String smtp = reply.find() ? reply.group(1) : null;
            boolean permanent = PERMANENT.matcher(own).find() || PERMANENT.matcher(subject).find();
            if (code == null && smtp == null && !permanent) {
                return null;
            }
            addAddresses(recipients, own);
            recipients.removeIf(address -> DAEMON.matcher(address).find() || address.equals(from));
            String detail = diagnosticLine(own, code != null ? code : smtp);
            boolean soft = code != null ? code.startsWith("4") : smtp != null && smtp.startsWith("4");
            if (soft && !GAVE_UP.matcher(own).find()) {
                return reading(Verdict.IGNORED, null, "a delay warning: the mail is still being tried", null);
            }
            return reading(Verdict.ofFailure(code, own, soft), code, detail, null);
        }

        /** The line that holds the code, which is what the receiving server said; else the one saying it failed. */
        private static String diagnosticLine(String text, String code) {
            for (String line : text.split("\\R")) {
                String stripped = line.strip();
                if (code != null ? stripped.contains(code) : PERMANENT.matcher(stripped).find()) {
                    return stripped;
                }
            }
            return null;
        }

        private String ownText() {
            String all = text.toString();
            Matcher original = ORIGINAL_FOLLOWS.matcher(all);
            return original.find() ? all.substring(0, original.start()) : all;
        }

        private boolean daemon() {
            return DAEMON.matcher(from).find() || DAEMON_NAME.matcher(fromName).find() || nullSender();
        }

        private boolean nullSender() {
            String returnPath = value("Return-Path");
            return returnPath != null && returnPath.replaceAll("[<>\\s]", "").isEmpty();
        }

        private boolean autoSubmitted() {
            String auto = value("Auto-Submitted");
            return auto != null && !auto.strip().toLowerCase(Locale.ROOT).startsWith("no");
        }

        private Reading reading(Verdict verdict, String status, String detail, String token) {
            return new Reading(verdict, status, shorten(detail), List.copyOf(addressedTo), List.copyOf(messageIds),
                    List.copyOf(recipients), token, false);
        }

        /** Gathers the text, the reports' fields and the returned headers, down to a few levels of nesting. */
        private void walk(Part part, int depth) throws MessagingException, IOException {
            if (depth > 4) {
                return;
            }
            String type = lower(part.getContentType());
            if (type.startsWith("multipart/")) {
                if (part.getContent() instanceof Multipart multipart) {
                    for (int i = 0; i < multipart.getCount(); i++) {
                        BodyPart body = multipart.getBodyPart(i);
                        walk(body, depth + 1);
                    }
                }
            } else if (type.startsWith("message/delivery-status") || type.startsWith("message/global-delivery-status")) {
                List<Map<String, String>> blocks = fieldBlocks(bytes(part));
                deliveryStatus.addAll(blocks);
                // Gmail names the returned message in the report's own block, before any attached copy.
                blocks.stream().map(fields -> fields.get("x-original-message-id")).filter(id -> id != null)
                        .forEach(id -> messageIds.add(id.strip()));
            } else if (type.startsWith("message/feedback-report")) {
                List<Map<String, String>> blocks = fieldBlocks(bytes(part));
                feedback = blocks.isEmpty() ? Map.of() : blocks.get(0);
            } else if (type.startsWith("message/rfc822") || type.startsWith("text/rfc822-headers")
                    || type.startsWith("message/global")) {
                returnedHeaders(new InternetHeaders(new ByteArrayInputStream(bytes(part))));
            } else if (type.startsWith("text/plain") || type.isEmpty()) {
                String content = textOf(part);
                if (text.length() < MAX_TEXT) {
                    text.append(content, 0, Math.min(content.length(), MAX_TEXT - text.length())).append('\n');
                }
                Matcher quoted = MESSAGE_ID_LINE.matcher(content);
                while (quoted.find()) {
                    messageIds.add(quoted.group(1));
                }
            }
        }

        private void returnedHeaders(InternetHeaders headers) {
            String id = headers.getHeader("Message-ID", null);
            if (id != null) {
                Matcher bracketed = Pattern.compile("<[^>\\s]+>").matcher(id);
                if (bracketed.find()) {
                    messageIds.add(bracketed.group());
                }
            }
            // The returned message went out from the tagged return path, so its Return-Path names the delivery.
            addHeaderAddresses(addressedTo, headers.getHeader("Return-Path", ","));
            addHeaderAddresses(recipients, headers.getHeader("To", ","));
        }

        private String value(String name) {
            try {
                return message.getHeader(name, ",");
            } catch (MessagingException e) {
                return null;
            }
        }

        private boolean has(String name) {
            return value(name) != null;
        }
    }

    /** The field blocks of a report (RFC 3464's per-message block, then one per recipient), names lower-cased. */
    static List<Map<String, String>> fieldBlocks(byte[] report) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> block = new LinkedHashMap<>();
        String last = null;
        for (String line : new String(report, StandardCharsets.UTF_8).split("\\R", -1)) {
            if (line.isBlank()) {
                if (!block.isEmpty()) {
                    blocks.add(block);
                    block = new LinkedHashMap<>();
                }
                last = null;
            } else if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                block.put(last, block.get(last) + " " + line.strip());
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    last = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    block.putIfAbsent(last, line.substring(colon + 1).strip());
                }
            }
        }
        if (!block.isEmpty()) {
            blocks.add(block);
        }
        return blocks;
    }

    /** The enhanced status code in the text ({@code 5.1.1}); {@code null} when there is none. */
    static String statusOf(String text) {
        if (text == null) {
            return null;
        }
        Matcher status = STATUS.matcher(text);
        return status.find() ? status.group() : null;
    }

    /** Every address in the text: an RFC 3464 field's ({@code rfc822; bob@example.com}), a header's, prose's. */
    private static void addAddresses(Set<String> into, String text) {
        if (text == null) {
            return;
        }
        Matcher address = ADDRESS.matcher(text);
        while (address.find()) {
            into.add(address.group().toLowerCase(Locale.ROOT).replaceAll("^[.]+|[.]+$", ""));
        }
    }

    /**
     * The addresses of a header as parsed, which takes a domain without a dot ({@code news@localhost}); the text's
     * addresses when it cannot be parsed.
     */
    private static void addHeaderAddresses(Set<String> into, String header) {
        if (header == null) {
            return;
        }
        try {
            for (InternetAddress address : InternetAddress.parseHeader(header, false)) {
                if (address.getAddress() != null && address.getAddress().indexOf('@') > 0) {
                    into.add(address.getAddress().toLowerCase(Locale.ROOT));
                }
            }
        } catch (MessagingException | RuntimeException e) {
            addAddresses(into, header);
        }
    }

    private static InternetAddress firstAddress(String header) {
        if (header == null) {
            return null;
        }
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(header, false);
            return addresses.length == 0 ? null : addresses[0];
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String header(MimeMessage message, String name) throws MessagingException {
        String value = message.getHeader(name, ",");
        if (value == null) {
            return "";
        }
        if (name.equals("Subject")) {
            String decoded = message.getSubject();
            return decoded == null ? value : decoded;
        }
        return value;
    }

    private static String parameter(String contentType, String name) {
        try {
            return new ContentType(contentType).getParameter(name);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] bytes(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }

    /** A text part's content; one in an unknown charset is read as UTF-8. */
    private static String textOf(Part part) throws MessagingException, IOException {
        try {
            Object content = part.getContent();
            if (content instanceof String text) {
                return text;
            }
        } catch (IOException | RuntimeException e) {
            // An unknown charset: read the bytes instead.
        }
        return new String(bytes(part), StandardCharsets.UTF_8);
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT).strip();
    }

    private static String unfold(String value) {
        return value == null ? "" : value.replaceAll("\\R[ \\t]*", " ").strip();
    }

    private static String shorten(String detail) {
        if (detail == null) {
            return null;
        }
        String oneLine = unfold(detail);
        return oneLine.length() <= 500 ? oneLine : oneLine.substring(0, 497) + "...";
    }
}

package news.dispatch.mailer.webhook;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.regex.Pattern;

/**
 * The start of a receiver's answer, as an {@link Answer} keeps it: its first bytes only, the rest left unread (a
 * receiver may answer gigabytes, or trickle for ever, and read whole it held the worker and its memory), as text that
 * any page and database shows as it is: lines end in LF, and no other control character but a tab is kept
 * (PostgreSQL stores no NUL, and a terminal's escapes in a staff page made it no HTML).
 */
final class AnswerExcerpt implements HttpResponse.BodySubscriber<String> {

    /** Enough bytes for {@link Answer#EXCERPT} characters of any script. */
    private static final int KEPT_BYTES = Answer.EXCERPT * 4;
    private static final Pattern CONTROLS = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]");

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CompletableFuture<String> text = new CompletableFuture<>();
    private Flow.Subscription subscription;

    @Override
    public CompletionStage<String> getBody() {
        return text;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            byte[] bytes = new byte[Math.min(buffer.remaining(), KEPT_BYTES - kept.size())];
            buffer.get(bytes);
            kept.writeBytes(bytes);
        }
        if (kept.size() >= KEPT_BYTES) {
            subscription.cancel();
            onComplete();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable failure) {
        text.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        text.complete(readable(kept.toByteArray()));
    }

    /** The bytes as UTF-8 (a broken sequence shown as one replacement character), cut to the excerpt's length. */
    static String readable(byte[] bytes) {
        String lines = new String(bytes, StandardCharsets.UTF_8).replace("\r\n", "\n").replace('\r', '\n');
        String decoded = CONTROLS.matcher(lines).replaceAll("\uFFFD");
        if (decoded.codePointCount(0, decoded.length()) <= Answer.EXCERPT) {
            return decoded;
        }
        return decoded.substring(0, decoded.offsetByCodePoints(0, Answer.EXCERPT));
    }
}

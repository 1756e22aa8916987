package news.dispatch.web.sending;

import java.util.function.Supplier;

import news.dispatch.mailer.dkim.DkimKeyNotFound;
import news.dispatch.mailer.dkim.RotationRefused;
import news.dispatch.web.problem.Conflict;
import news.dispatch.web.problem.NotFound;

/** The mailer's refusals of a rotation step, in the web's words: a 404 or a 409, as a problem or a page. */
final class RotationProblems {

    private RotationProblems() {
    }

    static <T> T translated(Supplier<T> step) {
        try {
            return step.get();
        } catch (DkimKeyNotFound missing) {
            throw new NotFound(missing.getMessage());
        } catch (RotationRefused refused) {
            throw new Conflict(refused.getMessage());
        }
    }
}

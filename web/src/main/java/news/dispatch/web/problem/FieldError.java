package news.dispatch.web.problem;

/** One rejected input in a problem detail's {@code errors}. */
public record FieldError(String field, String message) {
}

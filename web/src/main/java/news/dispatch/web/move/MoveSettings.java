package news.dispatch.web.move;

/**
 * Where {@code java -jar dispatch.jar move} copies the embedded database: {@code dispatch.move.to.url},
 * {@code .username}, {@code .password} ({@code DISPATCH_MOVE_TO_URL} …).
 *
 * @param url      a PostgreSQL database's JDBC URL, the one Dispatch then starts on
 * @param username its user, who may create tables there
 * @param password that user's password
 */
record MoveSettings(String url, String username, String password) {
}

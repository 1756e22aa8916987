package news.dispatch.web.page;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller of the admin pages: a staff page whose errors are answered as pages ({@link AdminPageProblems}),
 * not as the API's problem details.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@StaffPage
public @interface AdminPage {
}

package news.dispatch.web.page;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller of the staff's pages (the editors' and the admins'), whose model carries the signed-in
 * {@link Staff} for the layout ({@link StaffModel}). A feature's API controllers sit beside its pages and get none.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
public @interface StaffPage {
}

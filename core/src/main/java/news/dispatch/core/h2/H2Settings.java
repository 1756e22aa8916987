package news.dispatch.core.h2;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded H2 database's file.
 *
 * @param packWhenQuiet whether the file is packed once a second has passed without a write, as H2's own housekeeping
 *                      would if commits were not written at once: without it the file only grows. Off for a
 *                      measurement that the packing's work after a delivery would share the cores with.
 */
@ConfigurationProperties("dispatch.h2")
record H2Settings(@DefaultValue("true") boolean packWhenQuiet) {
}

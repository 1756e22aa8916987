package news.dispatch.core.subscriber;

import java.util.Locale;

import news.dispatch.core.InvalidInput;

/** How often a reader wants their digest. */
public enum Frequency {
    /** New matches go out within minutes, batched. */
    IMMEDIATE,
    /** Once a local day at the reader's send hour. */
    DAILY,
    /** Mondays at the reader's send hour. */
    WEEKLY;

    /**
     * Reads a frequency as a person or a file wrote it: {@code IMMEDIATE}, {@code DAILY} or {@code WEEKLY} in any case,
     * surrounding blanks ignored.
     *
     * @throws InvalidInput naming the field {@code frequency} for anything else, blank included
     */
    public static Frequency of(String written) {
        String name = written == null ? "" : written.strip().toUpperCase(Locale.ROOT);
        for (Frequency frequency : values()) {
            if (frequency.name().equals(name)) {
                return frequency;
            }
        }
        throw new InvalidInput("frequency", "frequency must be IMMEDIATE, DAILY or WEEKLY");
    }
}

package news.dispatch.web.staff.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * A bar chart drawn as SVG by the server: the geometry is worked out here, the template only writes the shapes, so
 * the page needs no script and no inline style (the Content-Security-Policy allows neither). Public because the
 * precompiled templates, in another package, read it.
 *
 * @param title a sentence that says what the chart shows, for screen readers too
 * @param bars  left to right
 */
public record BarChart(String title, List<Bar> bars) {

    /** Drawing units: the plot is this high, and the labels sit below it. */
    public static final int PLOT_HEIGHT = 100;
    public static final int HEIGHT = PLOT_HEIGHT + 18;
    private static final int SLOT = 24;
    private static final int GAP = 3;

    public BarChart {
        bars = List.copyOf(bars);
    }

    /**
     * Lays out the values.
     *
     * @param labels    one per value: what the bar stands for ("14:00", "Mon 24")
     * @param tickEvery label every n-th bar under the plot (all are in the bars' tooltips)
     */
    public static BarChart of(String title, List<String> labels, List<Long> values, int tickEvery) {
        long max = values.stream().mapToLong(Long::longValue).max().orElse(0);
        List<Bar> bars = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            long value = values.get(i);
            int height = max == 0 ? 0 : (int) Math.max(value > 0 ? 1 : 0, Math.round(value * (double) PLOT_HEIGHT / max));
            bars.add(new Bar(labels.get(i), (i % tickEvery == 0 || i == values.size() - 1) ? labels.get(i) : null,
                    value, i * SLOT + GAP, PLOT_HEIGHT - height, SLOT - 2 * GAP, height, i * SLOT + SLOT / 2));
        }
        return new BarChart(title, bars);
    }

    public int width() {
        return Math.max(1, bars.size() * SLOT);
    }

    public long total() {
        return bars.stream().mapToLong(Bar::value).sum();
    }

    /**
     * One bar, in drawing units.
     *
     * @param label  what it stands for
     * @param tick   the label to write under it, or {@code null}
     * @param center where its label is centred
     */
    public record Bar(String label, String tick, long value, int x, int y, int width, int height, int center) {
    }
}

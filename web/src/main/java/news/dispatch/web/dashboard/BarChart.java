package news.dispatch.web.dashboard;

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

    /** Drawing units: every chart is this wide, whatever its number of bars; the labels sit below the plot. */
    public static final int WIDTH = 480;
    public static final int PLOT_HEIGHT = 120;
    public static final int HEIGHT = PLOT_HEIGHT + 18;

    public BarChart {
        bars = List.copyOf(bars);
    }

    /**
     * Lays out the values.
     *
     * @param labels    one per value: what the bar stands for ("14:00", "Mon 24")
     * @param tickEvery label every n-th bar under the plot, counting back from the last (every bar has its label in
     *                  its tooltip)
     */
    public static BarChart of(String title, List<String> labels, List<Long> values, int tickEvery) {
        long max = values.stream().mapToLong(Long::longValue).max().orElse(0);
        double slot = (double) WIDTH / Math.max(1, values.size());
        double gap = slot / 6;
        List<Bar> bars = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            long value = values.get(i);
            int height = max == 0 ? 0
                    : (int) Math.max(value > 0 ? 1 : 0, Math.round(value * (double) PLOT_HEIGHT / max));
            boolean ticked = (values.size() - 1 - i) % tickEvery == 0;
            bars.add(new Bar(labels.get(i), ticked ? labels.get(i) : null, value, round(i * slot + gap),
                    PLOT_HEIGHT - height, round(slot - 2 * gap), height, round(i * slot + slot / 2)));
        }
        return new BarChart(title, bars);
    }

    private static double round(double units) {
        return Math.round(units * 10) / 10.0;
    }

    public long total() {
        return bars.stream().mapToLong(Bar::value).sum();
    }

    /** The tallest bar's value: the top of the value axis. */
    public long max() {
        return bars.stream().mapToLong(Bar::value).max().orElse(0);
    }

    /**
     * One bar, in drawing units.
     *
     * @param label  what it stands for
     * @param tick   the label to write under it, or {@code null}
     * @param center where its label is centred
     */
    public record Bar(String label, String tick, long value, double x, int y, double width, int height,
                      double center) {
    }
}

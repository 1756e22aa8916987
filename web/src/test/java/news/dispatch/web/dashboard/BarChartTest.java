package news.dispatch.web.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import news.dispatch.web.dashboard.BarChart.Bar;
import org.junit.jupiter.api.Test;

class BarChartTest {

    @Test
    void theTallestBarFillsThePlotAndTheOthersScale() {
        BarChart chart = BarChart.of("Sent", List.of("a", "b", "c", "d"), List.of(0L, 50L, 100L, 1L), 1);

        assertThat(chart.bars()).extracting(Bar::height).containsExactly(0, 60, 120, 1);
        assertThat(chart.bars()).extracting(Bar::y).containsExactly(120, 60, 0, 119);
        assertThat(chart.total()).isEqualTo(151);
        assertThat(chart.max()).as("the top of the value axis").isEqualTo(100);
    }

    @Test
    void barsShareTheWidthWithGapsBetweenThem() {
        BarChart chart = BarChart.of("Sent", List.of("a", "b", "c"), List.of(1L, 2L, 3L), 1);

        assertThat(chart.bars()).extracting(Bar::x).containsExactly(26.7, 186.7, 346.7);
        assertThat(chart.bars()).extracting(Bar::width).containsOnly(106.7);
        assertThat(chart.bars()).extracting(Bar::center).containsExactly(80.0, 240.0, 400.0);
    }

    @Test
    void nothingSentDrawsNoBarsButKeepsTheLabels() {
        BarChart chart = BarChart.of("Sent", List.of("00:00", "01:00", "02:00", "03:00", "04:00"),
                List.of(0L, 0L, 0L, 0L, 0L), 2);

        assertThat(chart.bars()).extracting(Bar::height).containsOnly(0);
        assertThat(chart.bars()).extracting(Bar::tick).containsExactly("00:00", null, "02:00", null, "04:00");
    }
}

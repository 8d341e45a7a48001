package io.slowburn.report;

import java.util.List;

/** Everything the page shows, gathered. */
public record ReportModel(String title, String subtitle, List<Incident> incidents, List<ExperimentWindow> experiments,
                         List<AbortMark> aborts, List<PanelData> panels, long from, long to, String footer) {

    public ReportModel {
        incidents = List.copyOf(incidents);
        experiments = List.copyOf(experiments);
        aborts = List.copyOf(aborts);
        panels = List.copyOf(panels);
    }
}

package io.slowburn.engine;

import io.slowburn.model.AlertStatus;
import io.slowburn.model.Finding;
import java.util.Objects;

/**
 * A rule's finding changing state on one key: it began firing, or it resolved. Shadow rules produce transitions
 * too; the verdict stage records them on the audit topic and never alerts.
 */
public record FindingTransition(String alertId, AlertStatus status, boolean shadow, Finding finding) {

    public FindingTransition {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(finding, "finding");
    }
}

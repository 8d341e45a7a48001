package io.slowburn.alerts;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * An alert transition as a CloudEvent 1.0: {@code type} {@value #TYPE}, {@code id} = alert id and transition
 * ({@code heap-floor-drift-3f2a9c0d1e2b4a5c:firing}, the same on every retry, so a consumer drops duplicates by
 * source and id), {@code source} as configured, {@code subject} = the alert's stable source (its incident's first),
 * {@code time} = the transition's event time, {@code datacontenttype} {@code application/json} and {@code data} = the
 * alert record as the detector wrote it. Extensions for routing without reading the data: {@code alertstatus}
 * ({@code firing}/{@code resolved}), {@code alertverdict}, {@code alertseverity}, and {@code partitionkey} = alert id
 * (the Kafka binding's record key).
 */
public final class AlertCloudEvents {

    public static final String TYPE = "io.slowburn.alert.v1";
    public static final String DEFAULT_SOURCE = "/slowburn/alerts";

    private AlertCloudEvents() {
    }

    public static CloudEvent of(StableAlert a, URI source) {
        CloudEventBuilder b = CloudEventBuilder.v1()
                .withId(a.eventId())
                .withSource(source)
                .withType(TYPE)
                .withTime(Instant.ofEpochMilli(a.record().ts()).atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(a.record().raw().getBytes(StandardCharsets.UTF_8))
                .withExtension("alertstatus", a.transition());
        if (a.source() != null) {
            b.withSubject(a.source());
        }
        if (a.labels().containsKey("verdict")) {
            b.withExtension("alertverdict", a.labels().get("verdict"));
        }
        if (a.labels().containsKey("severity")) {
            b.withExtension("alertseverity", a.labels().get("severity"));
        }
        if (a.id() != null) {
            b.withExtension("partitionkey", a.id());
        }
        return b.build();
    }
}

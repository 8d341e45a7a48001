package io.slowburn.ingest.prometheus;

import java.util.Map;

/**
 * One sample line of an exposition.
 *
 * @param name the sample name as written ({@code http_requests_total}, {@code rpc_seconds_bucket})
 * @param family the metric family it belongs to ({@code rpc_seconds} for {@code rpc_seconds_bucket}); the name itself
 *               when no {@code # TYPE} line claims it
 * @param type the family's type
 * @param timestampMs the sample's own timestamp in epoch ms, or {@code null} (most expositions have none)
 */
public record PromSample(String name, String family, PromType type, Map<String, String> labels, double value, Long timestampMs) {

    /** The part of the name after the family: {@code _bucket}, {@code _sum}, {@code _count}, {@code _total}, ... or "". */
    public String suffix() {
        return name.length() > family.length() && name.startsWith(family) ? name.substring(family.length()) : "";
    }
}

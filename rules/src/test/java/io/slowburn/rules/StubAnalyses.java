package io.slowburn.rules;

import io.slowburn.analysis.Analysis;
import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Keying;
import io.slowburn.analysis.Parameters;
import java.io.DataInput;
import java.io.DataOutput;
import java.time.Duration;
import java.util.function.Function;

/**
 * Stand-ins for the four analysis types another module provides (trend_to_limit, rate_ratio, gc_fraction,
 * rank_shift): they read exactly the parameter names and types those analyses take, so the default pack is
 * validated for typos and types here, and do nothing else.
 */
final class StubAnalyses {

    private StubAnalyses() {
    }

    /** The default registry plus the four stubs. */
    static AnalysisRegistry registry() {
        return AnalysisRegistry.defaults()
            .with("trend_to_limit", stub(Keying.SERIES, p -> {
                p.duration("bucket", Duration.ofMinutes(15));
                p.duration("window", Duration.ofDays(3));
                p.duration("min_history", Duration.ofHours(2));
                p.flag("floor", false);
                p.flag("sawtooth", false);
                p.duration("min_rise", Duration.ZERO);
                p.duration("horizon", Duration.ofHours(24));
                p.duration("warning_horizon", Duration.ofHours(24));
                p.number("reach", 12);
                p.number("saturation", Double.NaN);
                p.number("confidence", 0.95);
                p.number("max_p_value", 0.01);
                p.number("limit", Double.NaN);
                p.duration("lateness", Duration.ofMinutes(5));
            }))
            .with("rate_ratio", stub(Keying.SOURCE, p -> {
                p.text("numerator", null);
                p.text("denominator", null);
                p.duration("bucket", Duration.ofMinutes(1));
                p.duration("window", Duration.ofMinutes(15));
                p.duration("baseline", Duration.ofHours(6));
                p.number("multiple", 3);
                p.number("min_ratio", 0.05);
                p.number("min_denominator_rate", 1);
                p.duration("min_history", Duration.ofHours(1));
                p.duration("lateness", Duration.ofMinutes(2));
            }))
            .with("gc_fraction", stub(Keying.SERIES, p -> {
                p.duration("window", Duration.ofMinutes(10));
                p.number("max_fraction", 0.25);
                p.duration("min_history", Duration.ofMinutes(10));
                p.duration("lateness", Duration.ofMinutes(2));
            }))
            .with("rank_shift", stub(Keying.SERIES, p -> {
                p.duration("bucket", Duration.ofMinutes(1));
                p.duration("reference", Duration.ofHours(6));
                p.duration("recent", Duration.ofMinutes(30));
                p.number("alpha", 0.001);
                p.number("min_effect", 0.3);
                p.duration("min_history", Duration.ofHours(2));
                p.duration("lateness", Duration.ofMinutes(2));
            }));
    }

    interface Reads {
        void read(Parameters p);
    }

    static Function<Parameters, Analysis> stub(Keying keying, Reads reads) {
        return p -> {
            reads.read(p);
            return new Analysis() {
                @Override
                public Keying keying() {
                    return keying;
                }

                @Override
                public AnalysisState newState() {
                    return new AnalysisState() {
                        @Override
                        public Assessment observe(io.slowburn.model.Observation observation) {
                            return Assessment.normal();
                        }

                        @Override
                        public void writeTo(DataOutput out) {
                            // stateless
                        }
                    };
                }

                @Override
                public AnalysisState readState(DataInput in) {
                    return newState();
                }

                @Override
                public String stateLayout() {
                    return "";
                }
            };
        };
    }
}

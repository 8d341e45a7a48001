package io.slowburn.detector.topology;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.StageSettings;
import io.slowburn.engine.EventIntake;
import io.slowburn.engine.IntakeClock;
import io.slowburn.engine.InternalCodec;
import io.slowburn.engine.Routed;
import io.slowburn.model.Event;
import io.slowburn.model.InvalidRecordException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Parses events (malformed ones to the dead-letter topic) and hands them to the engine's {@link EventIntake}. */
final class EventIntakeProcessor implements Processor<String, byte[], String, Routed> {

    private final InternalCodec codec;
    private final DetectorMetrics metrics;
    private final Dlq dlq;
    private final DetectorConfig config;
    private final IntakeClock.Registry clocks;
    private ProcessorContext<String, Routed> context;
    private EventIntake intake;
    private IntakeClock clock;

    EventIntakeProcessor(InternalCodec codec, DetectorMetrics metrics, DetectorConfig config, IntakeClock.Registry clocks) {
        this.codec = codec;
        this.metrics = metrics;
        this.dlq = new Dlq(codec, metrics);
        this.config = config;
        this.clocks = clocks;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.clock = clocks.join(context.taskId().toString(), "event-intake", StageSettings.intakeClock(config),
                new StoreState(context.getStateStore(StoreNames.INTAKE_CLOCK)), true);
        // The task's clock, shared with its series stage, which registers the same hook: whichever ran init last.
        PreCommitStore.beforeFlush(context, StoreNames.INTAKE_CLOCK, clock::flush);
        this.intake = new EventIntake(codec, metrics, clock, IntakeHeartbeats.schedule(context, clock, metrics, config));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        metrics.recordIn("events");
        Event event = null;
        try {
            event = codec.records().readEvent(record.value());
        } catch (InvalidRecordException e) {
            dlq.send(context, record, e.getMessage());
        }
        if (event != null) {
            String rejected = intake.accept(event, ArrivalTime.of(record.headers()));
            if (rejected != null) {
                dlq.send(context, record, rejected);
            }
        }
        intake.duties();
    }

    /** A task suspended for a rebalance commits after its processors closed: the clock's changes go in first. */
    @Override
    public void close() {
        if (clock != null) {
            clock.flush();
        }
    }
}

package io.slowburn.engine;

/** Where a stage's output goes: the topology forwards it to the next node, {@code backtest} calls the next stage. */
@FunctionalInterface
public interface Emitter {

    void emit(String key, Route route, byte[] value, long ts);
}

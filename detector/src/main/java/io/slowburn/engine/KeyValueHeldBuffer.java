package io.slowburn.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link HeldBuffer} over a {@link KeyValueState}: one entry per held record, under its key's text. */
final class KeyValueHeldBuffer implements HeldBuffer {

    private final KeyValueState state;

    KeyValueHeldBuffer(KeyValueState state) {
        this.state = state;
    }

    @Override
    public void hold(HeldKey key, byte[] value) {
        state.put(key.text(), value);
    }

    @Override
    public List<EventTimeGate.Held> releaseThrough(long low) {
        // "~" sorts after the digits and the separator: every key of time low and none later.
        List<Map.Entry<String, byte[]>> ready = state.removeUpTo(EventTimeGate.padded(low) + "~");
        List<EventTimeGate.Held> out = new ArrayList<>(ready.size());
        for (Map.Entry<String, byte[]> kv : ready) {
            out.add(new EventTimeGate.Held(HeldKey.timeOf(kv.getKey()), kv.getValue()));
        }
        return out;
    }

    @Override
    public long size() {
        return state.approximateSize();
    }
}

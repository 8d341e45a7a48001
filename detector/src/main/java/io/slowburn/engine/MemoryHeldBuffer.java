package io.slowburn.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** {@link HeldBuffer} in memory. */
final class MemoryHeldBuffer implements HeldBuffer {

    private final TreeMap<HeldKey, byte[]> held = new TreeMap<>();

    @Override
    public void hold(HeldKey key, byte[] value) {
        held.put(key, value);
    }

    @Override
    public List<EventTimeGate.Held> releaseThrough(long low) {
        return releaseThrough(held, low, null);
    }

    @Override
    public long size() {
        return held.size();
    }

    /**
     * Removes the head of {@code held} up to {@code low} in one walk and returns it; each released key is also handed
     * to {@code released} (when not null), in order.
     */
    static List<EventTimeGate.Held> releaseThrough(TreeMap<HeldKey, byte[]> held, long low,
                                                   Consumer<HeldKey> released) {
        List<EventTimeGate.Held> out = new ArrayList<>();
        Iterator<Map.Entry<HeldKey, byte[]>> it = held.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<HeldKey, byte[]> e = it.next();
            HeldKey key = e.getKey();
            if (key.ts() > low) {
                break;
            }
            // Read before the removal: removing a node can move another's key and value into it.
            out.add(new EventTimeGate.Held(key.ts(), e.getValue()));
            it.remove();
            if (released != null) {
                released.accept(key);
            }
        }
        return out;
    }
}

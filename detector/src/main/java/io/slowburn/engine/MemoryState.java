package io.slowburn.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** {@link KeyValueState} in memory: for {@code backtest} and tests. */
public final class MemoryState implements KeyValueState {

    private final NavigableMap<String, byte[]> map = new TreeMap<>();

    @Override
    public byte[] get(String key) {
        return map.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        map.put(key, value);
    }

    @Override
    public void delete(String key) {
        map.remove(key);
    }

    @Override
    public List<Map.Entry<String, byte[]>> prefix(String prefix) {
        return snapshot(map.subMap(prefix, true, prefix + Character.MAX_VALUE, false));
    }

    @Override
    public List<Map.Entry<String, byte[]>> upTo(String to) {
        return snapshot(map.headMap(to, true));
    }

    @Override
    public List<Map.Entry<String, byte[]>> removeUpTo(String to) {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        Iterator<Map.Entry<String, byte[]>> it = map.headMap(to, true).entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, byte[]> e = it.next();
            out.add(Map.entry(e.getKey(), e.getValue())); // copied: removing a node can move another's key and value into it
            it.remove();
        }
        return out;
    }

    @Override
    public List<Map.Entry<String, byte[]>> all() {
        return snapshot(map);
    }

    @Override
    public long approximateSize() {
        return map.size();
    }

    private static List<Map.Entry<String, byte[]>> snapshot(Map<String, byte[]> m) {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>(m.size());
        m.forEach((k, v) -> out.add(Map.entry(k, v)));
        return out;
    }
}

package io.slowburn.model;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A sample's labels: an unmodifiable copy sorted by name, made only here, so a {@link MetricSample} given another
 * sample's labels can keep them as they are instead of sorting a copy of a copy (a reader that meets the same labels
 * sample after sample hands the earlier sample's map on). Equal to any map with the same entries.
 */
final class SortedLabels extends AbstractMap<String, String> implements SortedMap<String, String> {

    private final SortedMap<String, String> sorted;

    SortedLabels(Map<String, String> labels) {
        this.sorted = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    @Override
    public String get(Object key) {
        return sorted.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return sorted.containsKey(key);
    }

    @Override
    public int size() {
        return sorted.size();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        sorted.forEach(action);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return sorted.entrySet();
    }

    @Override
    public Set<String> keySet() {
        return sorted.keySet();
    }

    @Override
    public Collection<String> values() {
        return sorted.values();
    }

    @Override
    public Comparator<? super String> comparator() {
        return sorted.comparator();
    }

    @Override
    public SortedMap<String, String> subMap(String fromKey, String toKey) {
        return sorted.subMap(fromKey, toKey);
    }

    @Override
    public SortedMap<String, String> headMap(String toKey) {
        return sorted.headMap(toKey);
    }

    @Override
    public SortedMap<String, String> tailMap(String fromKey) {
        return sorted.tailMap(fromKey);
    }

    @Override
    public String firstKey() {
        return sorted.firstKey();
    }

    @Override
    public String lastKey() {
        return sorted.lastKey();
    }
}

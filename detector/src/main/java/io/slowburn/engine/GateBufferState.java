package io.slowburn.engine;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The buffer of an {@link EventTimeGate}, kept whole in memory in key order and written to the store that persists it
 * in batches: at {@link #flush()} (live: before every commit, inside the transaction), the records held since the last
 * flush and still held go into one record ({@value #BATCH_PREFIX}n), and how far the gate has released is one more
 * ({@value #RELEASED}); a batch whose records are all released is deleted. Live, nearly every held observation outlives
 * a commit (the watermark waits for the other intake tasks' heartbeats, which a read-committed consumer sees after
 * their commit), so written one by one each cost a record in the store and its changelog when held and a tombstone
 * when released; batched, a commit costs a few records whatever it held.
 *
 * <p>It relies on how the gate uses it: a key is released only together with every key before it (the gate releases
 * everything up to the watermark, in order). A key at or before the release mark can still be held (after a restart
 * the watermark starts from what the intake tasks last reported, which can be behind where it had come): such a record
 * is written on its own ({@value #SINGLE_PREFIX}key) and deleted when released.
 *
 * <p>Store layouts read: batches with binary keys (written since keys are {@link HeldKey}s), batches with text keys
 * and records on their own under their bare text key (the layout before batches, deleted one by one as released);
 * written: binary batches, and text for the release mark and the records on their own.
 */
public final class GateBufferState implements HeldBuffer {

    /** Store keys of batches and of the release mark sort after every record's text key (a padded time or a minus sign). */
    static final String BATCH_PREFIX = "~batch|";
    static final String RELEASED = "~released";
    static final String SINGLE_PREFIX = "~single|";
    /** A batch holds at most about this many bytes, well below a changelog record's limit (1 MB by default). */
    static final int BATCH_BYTES = 256 * 1024;
    /** The first int of a batch of binary keys; a batch of text keys starts with its count, never negative. */
    static final int BINARY_BATCH = -2;
    /** Records held since the last flush beyond twice those held, before the released ones among them are dropped. */
    static final int COMPACT_SLACK = 4_096;

    private final KeyValueState behind;
    /** Every held record, in key order: every release is served from here. */
    private final TreeMap<HeldKey, byte[]> memory = new TreeMap<>();
    /**
     * Held since the last flush, in the order held, with the value each was held with. A flush writes those after the
     * release mark into a batch without looking them up (a released key is never after the mark), unless a key was held
     * again: then each is written only with the value it holds now.
     */
    private final List<HeldKey> unwrittenKeys = new ArrayList<>();
    private final List<byte[]> unwrittenValues = new ArrayList<>();
    /**
     * How many of them were held at or before the release mark (after a restart; at most, once some were dropped as
     * released): only those are looked up.
     */
    private int unwrittenBehindMark;
    /** How many of them held a key that was held already (a record delivered twice, or forged again and again). */
    private int unwrittenAgain;
    /** Records the store holds one by one, by their store key (bare: the layout before batches), deleted as released. */
    private final Map<HeldKey, String> singles = new HashMap<>();
    private final List<String> singlesReleased = new ArrayList<>();
    /** The batches in the store, each by the last key it holds. */
    private final Map<String, HeldKey> batches = new LinkedHashMap<>();
    private final int compactSlack;
    private long nextBatch;
    /** Every key up to this one is released (null: none yet). */
    private HeldKey released;
    private boolean releasedMoved;

    /** Loads what the store holds: after a restart, what was committed. */
    public GateBufferState(KeyValueState behind) {
        this(behind, COMPACT_SLACK);
    }

    /** With {@code compactSlack} in place of {@link #COMPACT_SLACK} (tests compact at every release with a negative one). */
    GateBufferState(KeyValueState behind, int compactSlack) {
        this.behind = behind;
        this.compactSlack = compactSlack;
        byte[] mark = behind.get(RELEASED);
        released = mark == null ? null : HeldKey.parse(new String(mark, StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> e : behind.all()) {
            String key = e.getKey();
            if (key.startsWith(BATCH_PREFIX)) {
                HeldKey last = null;
                for (Map.Entry<HeldKey, byte[]> held : decode(e.getValue())) {
                    if (isHeld(held.getKey())) {
                        memory.put(held.getKey(), held.getValue());
                    }
                    last = last == null || held.getKey().compareTo(last) > 0 ? held.getKey() : last;
                }
                batches.put(key, last);
                nextBatch = Math.max(nextBatch, Long.parseLong(key.substring(BATCH_PREFIX.length())) + 1);
            } else if (key.startsWith(SINGLE_PREFIX)) {
                HeldKey held = HeldKey.parse(key.substring(SINGLE_PREFIX.length()));
                memory.put(held, e.getValue());
                singles.put(held, key);
            } else if (!key.equals(RELEASED)) {
                HeldKey held = HeldKey.parse(key);
                if (isHeld(held)) {
                    memory.put(held, e.getValue());
                    singles.put(held, key);
                }
            }
        }
    }

    private boolean isHeld(HeldKey key) {
        return released == null || key.compareTo(released) > 0;
    }

    @Override
    public void hold(HeldKey key, byte[] value) {
        if (memory.put(key, value) != null) {
            unwrittenAgain++;
        }
        if (!singles.isEmpty()) {
            String single = singles.remove(key);
            if (single != null) {
                singlesReleased.add(single); // held again (a record delivered twice): the new value goes where it belongs
            }
        }
        unwrittenKeys.add(key);
        unwrittenValues.add(value);
        if (!isHeld(key)) {
            unwrittenBehindMark++;
        }
        compactIfLarge();
    }

    /** Releases every record up to {@code low}, in one walk of the keys in memory. */
    @Override
    public List<EventTimeGate.Held> releaseThrough(long low) {
        HeldKey[] last = new HeldKey[1];
        List<EventTimeGate.Held> out = MemoryHeldBuffer.releaseThrough(memory, low, key -> {
            last[0] = key;
            if (!singles.isEmpty()) {
                String single = singles.remove(key);
                if (single != null) {
                    singlesReleased.add(single);
                }
            }
        });
        if (last[0] != null && isHeld(last[0])) {
            released = last[0];
            releasedMoved = true;
        }
        compactIfLarge();
        return out;
    }

    /**
     * Once the records kept for the next flush outnumber twice those held, drops the ones released or held again
     * since: between two flushes they keep no more than about what is held (a long commit interval at a high rate, or
     * one record written over and over, would otherwise keep every value until the flush).
     */
    private void compactIfLarge() {
        if (unwrittenKeys.size() <= 2 * memory.size() + compactSlack) {
            return;
        }
        int kept = 0;
        for (int i = 0; i < unwrittenKeys.size(); i++) {
            HeldKey key = unwrittenKeys.get(i);
            byte[] value = unwrittenValues.get(i);
            if (toWrite(key, value)) {
                unwrittenKeys.set(kept, key);
                unwrittenValues.set(kept, value);
                kept++;
            }
        }
        unwrittenKeys.subList(kept, unwrittenKeys.size()).clear();
        unwrittenValues.subList(kept, unwrittenValues.size()).clear();
        unwrittenAgain = 0; // one value per key left
    }

    /**
     * Whether a record held since the last flush is still to be written with this value: held after the release mark
     * (and not held again since with another value), or held behind it and held still.
     */
    private boolean toWrite(HeldKey key, byte[] value) {
        if (isHeld(key)) {
            return unwrittenAgain == 0 || memory.get(key) == value;
        }
        return unwrittenBehindMark > 0 && memory.get(key) == value;
    }

    @Override
    public long size() {
        return memory.size();
    }

    /** How many records held since the last flush are kept for it (for tests). */
    int unwritten() {
        return unwrittenKeys.size();
    }

    /** Every held record, in key order (for tests). */
    List<Map.Entry<HeldKey, byte[]>> entries() {
        List<Map.Entry<HeldKey, byte[]>> out = new ArrayList<>(memory.size());
        memory.forEach((k, v) -> out.add(Map.entry(k, v)));
        return out;
    }

    /** Writes what changed since the last flush into the store: new batches, the release mark, released batches gone. */
    public void flush() {
        List<HeldKey> batchKeys = new ArrayList<>();
        List<byte[]> batchValues = new ArrayList<>();
        Map<HeldKey, byte[]> newSingles = new LinkedHashMap<>();
        int bytes = 0;
        for (int i = 0; i < unwrittenKeys.size(); i++) {
            HeldKey key = unwrittenKeys.get(i);
            byte[] value = unwrittenValues.get(i);
            if (!toWrite(key, value)) {
                continue; // released since, or held again with a later value
            }
            if (!isHeld(key)) {
                newSingles.put(key, value); // held behind the mark: on its own
                continue;
            }
            batchKeys.add(key);
            batchValues.add(value);
            bytes += 28 + key.source().length() * 3 + value.length;
            if (bytes >= BATCH_BYTES) {
                writeBatch(batchKeys, batchValues);
                batchKeys.clear();
                batchValues.clear();
                bytes = 0;
            }
        }
        if (!batchKeys.isEmpty()) {
            writeBatch(batchKeys, batchValues);
        }
        unwrittenKeys.clear();
        unwrittenValues.clear();
        unwrittenBehindMark = 0;
        unwrittenAgain = 0;
        if (releasedMoved) {
            behind.put(RELEASED, released.text().getBytes(StandardCharsets.UTF_8));
            releasedMoved = false;
            batches.entrySet().removeIf(b -> {
                if (b.getValue() == null || b.getValue().compareTo(released) <= 0) {
                    behind.delete(b.getKey());
                    return true;
                }
                return false;
            });
        }
        singlesReleased.forEach(behind::delete); // before the singles below: one may be held again under its key
        singlesReleased.clear();
        newSingles.forEach((key, value) -> {
            String storeKey = SINGLE_PREFIX + key.text();
            behind.put(storeKey, value);
            singles.put(key, storeKey);
        });
    }

    private void writeBatch(List<HeldKey> keys, List<byte[]> values) {
        String key = BATCH_PREFIX + EventTimeGate.padded(nextBatch++);
        HeldKey last = null;
        for (HeldKey k : keys) {
            last = last == null || k.compareTo(last) > 0 ? k : last;
        }
        behind.put(key, encode(keys, values));
        batches.put(key, last);
    }

    /** {@value #BINARY_BATCH}, the count, then per record: time, key's length and UTF-8 bytes, digest, value's length and bytes. */
    static byte[] encode(List<HeldKey> keys, List<byte[]> values) {
        byte[][] sources = new byte[keys.size()][];
        int size = 8;
        for (int i = 0; i < keys.size(); i++) {
            sources[i] = keys.get(i).source().getBytes(StandardCharsets.UTF_8);
            size += 8 + 4 + sources[i].length + 8 + 4 + values.get(i).length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).putInt(BINARY_BATCH).putInt(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            HeldKey k = keys.get(i);
            out.putLong(k.ts()).putInt(sources[i].length).put(sources[i]).putLong(k.digest());
            out.putInt(values.get(i).length).put(values.get(i));
        }
        return out.array();
    }

    /** A batch of either layout: binary keys, or (written by earlier versions) text keys. */
    static List<Map.Entry<HeldKey, byte[]>> decode(byte[] batch) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(batch))) {
            int first = in.readInt();
            boolean binary = first == BINARY_BATCH;
            int n = binary ? in.readInt() : first;
            List<Map.Entry<HeldKey, byte[]>> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                HeldKey key;
                if (binary) {
                    long ts = in.readLong();
                    byte[] source = new byte[in.readInt()];
                    in.readFully(source);
                    key = new HeldKey(ts, new String(source, StandardCharsets.UTF_8), in.readLong());
                } else {
                    byte[] text = new byte[in.readInt()];
                    in.readFully(text);
                    key = HeldKey.parse(new String(text, StandardCharsets.UTF_8));
                }
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                out.add(Map.entry(key, value));
            }
            return out;
        } catch (IOException | NegativeArraySizeException e) {
            throw new IllegalStateException("corrupt batch in the gate's buffer store", e);
        }
    }
}

package io.slowburn.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The buffer of an {@link EventTimeGate}, kept whole in memory in key order and written to the store that persists it
 * in batches: at {@link #flush()} (live: before every commit, inside the transaction), the entries held since the last
 * flush and still held go into one record ({@value #BATCH_PREFIX}n), and how far the gate has released is one more
 * ({@value #RELEASED}); a batch whose entries are all released is deleted. Live, nearly every held observation outlives
 * a commit (the watermark waits for the other intake tasks' heartbeats, which a read-committed consumer sees after
 * their commit), so written one by one each cost a record in the store and its changelog when held and a tombstone
 * when released; batched, a commit costs a few records whatever it held.
 *
 * <p>It relies on how the gate uses it: a key is deleted only together with every key before it (the gate releases
 * everything up to the watermark, in order). A key at or before the release mark can still be held (after a restart
 * the watermark starts from what the intake tasks last reported, which can be behind where it had come): such an entry
 * is written on its own ({@value #SINGLE_PREFIX}key) and deleted when released. A store written entry by entry (the
 * layout before batches: the bare keys) is read as well, and its entries are deleted one by one as they are released.
 */
public final class GateBufferState implements KeyValueState {

    /** Store keys of batches and of the release mark sort after every entry key (a padded time or a minus sign). */
    static final String BATCH_PREFIX = "~batch|";
    static final String RELEASED = "~released";
    static final String SINGLE_PREFIX = "~single|";
    /** A batch holds at most about this many bytes, well below a changelog record's limit (1 MB by default). */
    static final int BATCH_BYTES = 256 * 1024;

    private final KeyValueState behind;
    /** Every held entry, in key order: every read and scan is served from here. */
    private final MemoryState memory = new MemoryState();
    /** Held since the last flush, in the order held: the next batch. */
    private final LinkedHashMap<String, byte[]> unwritten = new LinkedHashMap<>();
    /** Held since the last flush at or before the release mark: each written on its own. */
    private final LinkedHashMap<String, byte[]> unwrittenSingles = new LinkedHashMap<>();
    /** Entries the store holds one by one, by their store key (bare: the layout before batches), deleted as released. */
    private final Map<String, String> singles = new HashMap<>();
    private final List<String> singlesReleased = new ArrayList<>();
    /** The batches in the store, each by the last key it holds. */
    private final Map<String, String> batches = new LinkedHashMap<>();
    private long nextBatch;
    /** Every key up to this one is released (null: none yet). */
    private String released;
    private boolean releasedMoved;

    /** Loads what the store holds: after a restart, what was committed. */
    public GateBufferState(KeyValueState behind) {
        this.behind = behind;
        byte[] mark = behind.get(RELEASED);
        released = mark == null ? null : new String(mark, StandardCharsets.UTF_8);
        for (Map.Entry<String, byte[]> e : behind.all()) {
            String key = e.getKey();
            if (key.startsWith(BATCH_PREFIX)) {
                String last = null;
                for (Map.Entry<String, byte[]> held : decode(e.getValue())) {
                    if (isHeld(held.getKey())) {
                        memory.put(held.getKey(), held.getValue());
                    }
                    last = last == null || held.getKey().compareTo(last) > 0 ? held.getKey() : last;
                }
                batches.put(key, last);
                nextBatch = Math.max(nextBatch, Long.parseLong(key.substring(BATCH_PREFIX.length())) + 1);
            } else if (key.startsWith(SINGLE_PREFIX)) {
                memory.put(key.substring(SINGLE_PREFIX.length()), e.getValue());
                singles.put(key.substring(SINGLE_PREFIX.length()), key);
            } else if (!key.equals(RELEASED) && isHeld(key)) {
                memory.put(key, e.getValue());
                singles.put(key, key);
            }
        }
    }

    private boolean isHeld(String key) {
        return released == null || key.compareTo(released) > 0;
    }

    @Override
    public byte[] get(String key) {
        return memory.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        if (value == null) {
            delete(key);
            return;
        }
        memory.put(key, value);
        String single = singles.remove(key);
        if (single != null) {
            singlesReleased.add(single); // held again (a record delivered twice): the new value goes where it belongs
        }
        (isHeld(key) ? unwritten : unwrittenSingles).put(key, value);
    }

    /** Releases {@code key}: the gate releases every key before it too ({@link EventTimeGate#release}). */
    @Override
    public void delete(String key) {
        if (memory.get(key) == null) {
            return;
        }
        memory.delete(key);
        // Held and released between two flushes, the store never saw it; but an earlier value of the key may be in a
        // batch or on its own, so the mark moves and the single goes either way.
        unwritten.remove(key);
        unwrittenSingles.remove(key);
        String single = singles.remove(key);
        if (single != null) {
            singlesReleased.add(single);
        }
        if (released == null || key.compareTo(released) > 0) {
            released = key;
            releasedMoved = true;
        }
    }

    /**
     * {@link #delete} of every held key up to {@code to}, in one walk of the keys in memory: what the gate does at each
     * release, for every observation it held (a lookup and a comparison of each key fewer than deleting one by one).
     */
    @Override
    public List<Map.Entry<String, byte[]>> removeUpTo(String to) {
        List<Map.Entry<String, byte[]>> out = memory.removeUpTo(to);
        if (out.isEmpty()) {
            return out;
        }
        for (Map.Entry<String, byte[]> e : out) {
            String key = e.getKey();
            unwritten.remove(key);
            if (!unwrittenSingles.isEmpty()) {
                unwrittenSingles.remove(key);
            }
            if (!singles.isEmpty()) {
                String single = singles.remove(key);
                if (single != null) {
                    singlesReleased.add(single);
                }
            }
        }
        String last = out.get(out.size() - 1).getKey();
        if (released == null || last.compareTo(released) > 0) {
            released = last;
            releasedMoved = true;
        }
        return out;
    }

    @Override
    public List<Map.Entry<String, byte[]>> prefix(String prefix) {
        return memory.prefix(prefix);
    }

    @Override
    public List<Map.Entry<String, byte[]>> upTo(String to) {
        return memory.upTo(to);
    }

    @Override
    public List<Map.Entry<String, byte[]>> all() {
        return memory.all();
    }

    @Override
    public long approximateSize() {
        return memory.approximateSize();
    }

    /** Writes what changed since the last flush into the store: new batches, the release mark, released batches gone. */
    public void flush() {
        List<Map.Entry<String, byte[]>> batch = new ArrayList<>();
        int bytes = 0;
        for (Map.Entry<String, byte[]> e : unwritten.entrySet()) {
            batch.add(e);
            bytes += e.getKey().length() * 3 + e.getValue().length + 8;
            if (bytes >= BATCH_BYTES) {
                writeBatch(batch);
                batch.clear();
                bytes = 0;
            }
        }
        if (!batch.isEmpty()) {
            writeBatch(batch);
        }
        unwritten.clear();
        if (releasedMoved) {
            behind.put(RELEASED, released.getBytes(StandardCharsets.UTF_8));
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
        unwrittenSingles.forEach((key, value) -> {
            behind.put(SINGLE_PREFIX + key, value);
            singles.put(key, SINGLE_PREFIX + key);
        });
        unwrittenSingles.clear();
    }

    private void writeBatch(List<Map.Entry<String, byte[]>> entries) {
        String key = BATCH_PREFIX + EventTimeGate.padded(nextBatch++);
        String last = null;
        for (Map.Entry<String, byte[]> e : entries) {
            last = last == null || e.getKey().compareTo(last) > 0 ? e.getKey() : last;
        }
        behind.put(key, encode(entries));
        batches.put(key, last);
    }

    static byte[] encode(List<Map.Entry<String, byte[]>> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(entries.size());
            for (Map.Entry<String, byte[]> e : entries) {
                byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeInt(key.length);
                out.write(key);
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<Map.Entry<String, byte[]>> decode(byte[] batch) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(batch))) {
            int n = in.readInt();
            List<Map.Entry<String, byte[]>> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] key = new byte[in.readInt()];
                in.readFully(key);
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                out.add(Map.entry(new String(key, StandardCharsets.UTF_8), value));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt batch in the gate's buffer store", e);
        }
    }
}

package io.slowburn.ingest.os;

import io.slowburn.ingest.Capabilities;
import io.slowburn.ingest.Collector;
import io.slowburn.ingest.SourceNames;
import io.slowburn.model.Event;
import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import io.slowburn.model.Observation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The OS adapter: reads Linux {@code /proc} (or a captured copy) and returns contract samples
 * ({@code os.memory.used}, {@code os.cpu.utilization}, {@code os.fd.open}, {@code os.process.count},
 * {@code os.oom.kills}, {@code os.process.fd.open{process,pid}} for watched processes) and process events diffed
 * between polls. Works unprivileged: what it cannot read is listed once in {@link #capabilities()}. The first poll
 * is the baseline: it has no CPU utilization (that needs two readings) and no process events.
 */
public final class ProcCollector implements Collector {

    private final ProcOptions options;
    private final Clock clock;
    private final Capabilities capabilities = new Capabilities();
    private final ProcFs fs;
    private final ProcessTable table;

    private CpuTimes lastCpu;
    private Long lastOomKills;
    private Map<Integer, ProcessInfo> lastProcesses;

    public ProcCollector(ProcOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.fs = new ProcFs(options.procRoot(), capabilities);
        PasswdUsers users = PasswdUsers.load(options.passwdFile());
        if (users.isEmpty()) {
            capabilities.note("passwd", "cannot read user names from '" + options.passwdFile() + "': 'user' is the numeric uid");
        }
        this.table = new ProcessTable(fs, users);
    }

    @Override
    public synchronized List<Observation> poll() {
        long ts = clock.millis();
        List<Observation> out = new ArrayList<>();
        memory(ts).ifPresent(out::add);
        cpu(ts).ifPresent(out::add);
        fileDescriptors(ts).ifPresent(out::add);
        oomKills(ts, out);
        boolean needTable = options.processEvents() || options.watch() != null;
        Map<Integer, ProcessInfo> processes = needTable ? table.snapshot() : null;
        if (processes != null && lastProcesses != null) {
            processes = ProcessDiff.keepExecutablesOfZombies(lastProcesses, processes);
        }
        processCount(ts, processes == null ? fs.pids().size() : processes.size()).ifPresent(out::add);
        if (processes != null) {
            watched(ts, processes, out);
            if (options.processEvents()) {
                if (lastProcesses != null) {
                    out.addAll(ProcessDiff.between(lastProcesses, processes, ts, options.source()));
                }
                lastProcesses = processes;
            }
        }
        return out;
    }

    @Override
    public List<String> capabilities() {
        return capabilities.summary();
    }

    private Optional<MetricSample> memory(long ts) {
        Optional<MemInfo> mem = fs.read("meminfo").flatMap(MemInfo::parse);
        if (mem.isEmpty()) {
            capabilities.note("meminfo", "no usable " + fs.root().resolve("meminfo") + ": no os.memory.used");
            return Optional.empty();
        }
        if (mem.get().estimated()) {
            capabilities.note("memavailable", "no MemAvailable in meminfo (kernel before 3.14): os.memory.used estimates "
                    + "available as MemFree + Buffers + Cached, which understates use");
        }
        return Optional.of(sample(ts, "os.memory.used", Map.of(), mem.get().used(), MetricType.GAUGE, (double) mem.get().total(), "bytes"));
    }

    private Optional<MetricSample> cpu(long ts) {
        Optional<CpuTimes> now = fs.read("stat").flatMap(CpuTimes::parse);
        if (now.isEmpty()) {
            capabilities.note("stat", "no usable " + fs.root().resolve("stat") + ": no os.cpu.utilization");
            return Optional.empty();
        }
        CpuTimes before = lastCpu;
        lastCpu = now.get();
        if (before == null) {
            return Optional.empty();
        }
        return now.get().utilizationSince(before)
                .map(u -> sample(ts, "os.cpu.utilization", Map.of(), u, MetricType.GAUGE, null, "ratio"));
    }

    private Optional<MetricSample> fileDescriptors(long ts) {
        Optional<long[]> nr = fs.read("sys/fs/file-nr").map(ProcCollector::longs);
        if (nr.isEmpty() || nr.get().length < 2) {
            capabilities.note("file-nr", "no usable " + fs.root().resolve("sys/fs/file-nr") + ": no os.fd.open");
            return Optional.empty();
        }
        long[] f = nr.get();
        // allocated - free: "free" is always 0 since Linux 2.6, but older kernels kept a free list.
        long open = Math.max(0, f[0] - f[1]);
        Double limit = f.length >= 3 && f[2] > 0 ? (double) f[2] : null;
        if (limit == null) {
            limit = fs.read("sys/fs/file-max").map(ProcCollector::longs)
                    .filter(v -> v.length > 0 && v[0] > 0).map(v -> (double) v[0]).orElse(null);
        }
        return Optional.of(sample(ts, "os.fd.open", Map.of(), open, MetricType.GAUGE, limit, null));
    }

    private Optional<MetricSample> processCount(long ts, int count) {
        if (count == 0) {
            return Optional.empty();
        }
        Double limit = fs.read("sys/kernel/pid_max").map(ProcCollector::longs)
                .filter(v -> v.length > 0 && v[0] > 0).map(v -> (double) v[0]).orElse(null);
        if (limit == null) {
            capabilities.note("pid_max", "no " + fs.root().resolve("sys/kernel/pid_max") + ": os.process.count has no limit");
        }
        return Optional.of(sample(ts, "os.process.count", Map.of(), count, MetricType.GAUGE, limit, null));
    }

    private void oomKills(long ts, List<Observation> out) {
        Optional<Long> kills = fs.read("vmstat").flatMap(ProcCollector::oomKill);
        if (kills.isEmpty()) {
            capabilities.note("oom_kill", "no oom_kill in " + fs.root().resolve("vmstat")
                    + " (kernel before 4.13 or unreadable): no os.oom.kills");
            return;
        }
        out.add(sample(ts, "os.oom.kills", Map.of(), kills.get(), MetricType.COUNTER, null, null));
        if (lastOomKills != null && kills.get() > lastOomKills) {
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("count", kills.get() - lastOomKills);
            // /proc/vmstat only counts: the victim's pid and name are in the kernel log, which we do not read.
            attrs.put("pid", null);
            out.add(new Event(ts, options.source(), Event.OOM_KILL, attrs));
        }
        lastOomKills = kills.get();
    }

    private void watched(long ts, Map<Integer, ProcessInfo> processes, List<Observation> out) {
        if (options.watch() == null) {
            return;
        }
        for (ProcessInfo p : processes.values()) {
            if (!options.watch().matcher(p.comm()).find() && !options.watch().matcher(p.exe()).find()) {
                continue;
            }
            OptionalInt fds = fs.countEntries(p.pid() + "/fd", "no os.process.fd.open for processes of other users");
            if (fds.isEmpty()) {
                continue;
            }
            Double limit = fs.read(p.pid() + "/limits").flatMap(ProcCollector::maxOpenFiles).orElse(null);
            Map<String, String> labels = Map.of("process", SourceNames.sanitize(p.comm()), "pid", Integer.toString(p.pid()));
            out.add(sample(ts, "os.process.fd.open", labels, fds.getAsInt(), MetricType.GAUGE, limit, null));
        }
    }

    private MetricSample sample(long ts, String metric, Map<String, String> labels, double value, MetricType type,
                                Double limit, String unit) {
        return new MetricSample(ts, options.source(), metric, labels, value, type, limit, unit);
    }

    static long[] longs(String text) {
        String[] f = text.trim().split("\\s+");
        long[] v = new long[f.length];
        try {
            for (int i = 0; i < f.length; i++) {
                v[i] = Long.parseLong(f[i]);
            }
        } catch (NumberFormatException e) {
            return new long[0];
        }
        return v;
    }

    static Optional<Long> oomKill(String vmstat) {
        for (String line : vmstat.split("\n")) {
            if (line.startsWith("oom_kill ")) {
                try {
                    return Optional.of(Long.parseLong(line.substring(9).trim()));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The soft limit of the "Max open files" line of {@code /proc/<pid>/limits}; empty when unlimited. */
    static Optional<Double> maxOpenFiles(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                try {
                    double soft = Double.parseDouble(f[0]);
                    return soft > 0 ? Optional.of(soft) : Optional.empty();
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}

package io.slowburn.rules;

import io.slowburn.rules.RuleLoader.Source;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds and reads rule files: a file, a directory's {@code *.yaml} and {@code *.yml} files, or the default pack on the
 * class path. What cannot be read is a problem, never an exception; nothing outside a rules directory is read.
 */
final class RuleFiles {

    private RuleFiles() {
    }

    /** See {@link RuleLoader#sources(Path, List)}. */
    static List<Source> sources(Path fileOrDirectory, List<RuleProblem> problems) {
        List<Source> sources = new ArrayList<>();
        int before = problems.size();
        if (Files.isDirectory(fileOrDirectory)) {
            List<Path> files;
            Path realDir;
            try (Stream<Path> list = Files.list(fileOrDirectory)) {
                realDir = fileOrDirectory.toRealPath();
                files = list.filter(RuleFiles::isRuleFile).sorted().toList();
            } catch (IOException e) {
                problems.add(new RuleProblem(fileOrDirectory.toString(), 1, 1, "cannot list directory: " + e.getMessage(), null));
                files = List.of();
                realDir = null;
            }
            if (files.isEmpty() && problems.size() == before) {
                problems.add(new RuleProblem(fileOrDirectory.toString(), 1, 1, "no rule files (*.yaml, *.yml) in directory", null));
            }
            for (Path f : files) {
                Path real = insideOrProblem(realDir, f, problems);
                if (real != null) {
                    read(f.toString(), real, sources, problems);
                }
            }
        } else if (Files.exists(fileOrDirectory) && !Files.isRegularFile(fileOrDirectory)) {
            problems.add(new RuleProblem(fileOrDirectory.toString(), 1, 1, "not a regular file: refused", null));
        } else {
            read(fileOrDirectory.toString(), fileOrDirectory, sources, problems);
        }
        return sources;
    }

    /** The real path of a directory entry when it is a regular file inside {@code realDir}; else a problem and null. */
    private static Path insideOrProblem(Path realDir, Path f, List<RuleProblem> problems) {
        Path real;
        try {
            real = f.toRealPath();
        } catch (IOException e) {
            problems.add(new RuleProblem(f.toString(), 1, 1, "cannot read rule file: a broken link or gone ("
                    + e.getClass().getSimpleName() + ")", null));
            return null;
        }
        if (!real.startsWith(realDir)) {
            problems.add(new RuleProblem(f.toString(), 1, 1, "a symbolic link to a file outside the rules directory: refused, "
                    + "not read", "links inside the directory, as a Kubernetes ConfigMap mounts files, are followed"));
            return null;
        }
        if (!Files.isRegularFile(real)) {
            problems.add(new RuleProblem(f.toString(), 1, 1, "not a regular file: refused", null));
            return null;
        }
        return real;
    }

    private static boolean isRuleFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    private static void read(String name, Path f, List<Source> sources, List<RuleProblem> problems) {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            int n;
            while ((n = r.read(buf)) > 0) {
                sb.append(buf, 0, n);
            }
            sources.add(new Source(name, sb.toString()));
        } catch (IOException e) {
            problems.add(new RuleProblem(name, 1, 1, "cannot read rule file: " + e, null));
        }
    }

    /** The default rule pack's files, from the class path, in index order. */
    static List<Source> defaultPack() {
        ClassLoader cl = RuleFiles.class.getClassLoader();
        List<Source> sources = new ArrayList<>();
        try {
            String index = resource(cl, RuleLoader.DEFAULT_INDEX);
            if (index == null) {
                throw new IllegalStateException("default rule pack index not found on the class path: " + RuleLoader.DEFAULT_INDEX);
            }
            for (String line : index.split("\\R")) {
                String f = line.strip();
                if (f.isEmpty() || f.startsWith("#")) {
                    continue;
                }
                String text = resource(cl, RuleLoader.DEFAULT_PACK + f);
                if (text == null) {
                    throw new IllegalStateException("default rule pack file listed in " + RuleLoader.DEFAULT_INDEX + " is missing: " + f);
                }
                sources.add(new Source("default/" + f, text));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default rule pack", e);
        }
        return sources;
    }

    private static String resource(ClassLoader cl, String name) throws IOException {
        try (InputStream in = cl.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

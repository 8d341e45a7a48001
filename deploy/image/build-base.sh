#!/usr/bin/env bash
# Builds the image's base without a registry or a Docker daemon: a distroless-like root file system made of
#   /opt/java              a jlink'd runtime of the build JDK, only the modules slowburn uses
#   /lib*, /usr/lib*       the shared libraries that runtime and slowburn's JNI libraries (RocksDB, zstd, lz4, snappy)
#                          link against, copied from the build machine (ldd), with its dynamic loader
#   /etc/passwd, /etc/group  root and nonroot (65532, as in distroless), and nothing else: no shell, no package manager
#   /tmp (1777), /var/lib/slowburn and /home/nonroot owned by 65532
# written as a `docker save` tarball (manifest.json, config JSON, one uncompressed layer) that Jib reads as its base
# (from.image = tar://...). The image therefore has the build machine's architecture and glibc.
#
# usage: build-base.sh OUT_DIR JAVA_HOME SHADED_JAR
set -euo pipefail

out=$(realpath -m "$1")
java_home=$2
jar=$(realpath "$3")

# The modules slowburn needs (checked by running `slowburn demo` inside the image's root file system):
# jdk.httpserver serves /metrics, /healthz and /ready; java.management and jdk.management feed the JVM metrics and
# Kafka's JMX reporter; java.security.jgss, java.security.sasl, jdk.security.auth and jdk.crypto.ec are Kafka's
# SASL and TLS; java.instrument is the in-process telemetry agent; jdk.unsupported is sun.misc.Unsafe (Kafka, Scala);
# java.desktop is java.beans, which log4j loads (its AWT libraries are left out of the shared-library scan: never loaded).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.charsets,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.unsupported,jdk.zipfs

root="$out/rootfs"
rm -rf "$out"
mkdir -p "$out" "$root/opt"

"$java_home/bin/jlink" --add-modules "$modules" --output "$root/opt/java" \
    --strip-debug --no-header-files --no-man-pages --compress=0
# A JDK packaged by a distribution may link its CA certificates and policy files to /etc: keep the files, not the links.
find "$root/opt/java" -type l | while read -r link; do
    target=$(readlink -f "$link")
    rm "$link"
    cp "$target" "$link"
done

# JNI libraries that slowburn's dependencies unpack at run time: they link against libstdc++ and libgcc_s too.
natives="$out/natives"
mkdir -p "$natives"
(cd "$natives" && "$java_home/bin/jar" xf "$jar" librocksdbjni-linux64.so linux/amd64 net/jpountz/util/linux/amd64 \
    org/xerial/snappy/native/Linux/x86_64)

libs=$( { find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) \
          | grep -Ev 'lib(awt|jawt|fontmanager|lcms|javajpeg|jsound|splashscreen|mlib_image)'; find "$natives" -name '*.so'; } \
    | xargs ldd 2>/dev/null | awk '/=>/ && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ && $2 ~ /^\(/ {print $1}' | grep -vF "$root/" | sort -u)
for lib in $libs; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
done

mkdir -p "$root/etc" "$root/tmp" "$root/var/lib/slowburn" "$root/home/nonroot" "$root/etc/slowburn"
cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
nonroot:x:65532:
GROUP
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
chmod 1777 "$root/tmp"
chmod 0755 "$root/var/lib/slowburn" "$root/home/nonroot"

# One layer, reproducible (sorted, fixed times, numeric owners): the same inputs give the same digest, so Jib's and a
# registry's layer caches hit. Ownership is set in the archive, so the build needs no root.
layer="$out/layer.tar"
tar_opts=(--sort=name --mtime=@1 --numeric-owner --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime)
tar "${tar_opts[@]}" --owner=0 --group=0 -C "$root" \
    --exclude=./var/lib/slowburn --exclude=./home/nonroot -cf "$layer" .
tar "${tar_opts[@]}" --owner=65532 --group=65532 -C "$root" -rf "$layer" ./var/lib/slowburn ./home/nonroot
diff_id=$(sha256sum "$layer" | cut -d' ' -f1)

cat > "$out/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"User":"65532","Env":["PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
   "JAVA_HOME=/opt/java","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:01Z","created_by":"deploy/image/build-base.sh: jlink runtime, its shared libraries, nonroot user"}]}
JSON
printf '[{"Config":"config.json","RepoTags":["slowburn-base:local"],"Layers":["layer.tar"]}]\n' > "$out/manifest.json"
tar --sort=name --mtime=@1 --owner=0 --group=0 --numeric-owner -C "$out" -cf "$out/base.tar" manifest.json config.json layer.tar
rm -rf "$natives" "$layer"
echo "base image: $out/base.tar ($(du -h "$out/base.tar" | cut -f1)), runtime modules: $modules"

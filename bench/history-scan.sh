#!/usr/bin/env bash
# Times one history scan for secrets (security.env-files-excluded, secretsNotTracked: ["*"]) on a generated
# repository of 10,000 commits holding 30 secrets of the env file, against baselines measured in the same run:
# `git log --all -p` (what any history scanner pays) and the exact `git log` the walk runs. Then the catalogue's
# three checks that search the history (each for its own values and formats), run together: they share one walk.
# Usage: bench/history-scan.sh [commits] (default 10000); JAR=path/to/prodaudit.jar measures another build.
# Needs python3; uses /usr/bin/time -v when present.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
commits=${1:-10000}
jar=${JAR:-$here/target/prodaudit.jar}
[ -f "$jar" ] || (cd "$here" && ./mvnw -q -B -o -DskipTests package)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
git init -q "$repo"

# The fast-import stream: 200 source files edited one line at a time, a secret committed every commits/30 commits
# (every other one removed again 100 commits later), a feature branch and a tag, like a real project's history.
python3 - "$commits" "$repo/.env.production" > "$work/stream" <<'PY'
import os, sys, random
n = int(sys.argv[1]); env_path = sys.argv[2]
rnd = random.Random(9)
secrets = [("SERVICE_%d_API_KEY" % (i + 1), os.urandom(24).hex() if i % 2 else os.urandom(30).hex()[:44]) for i in range(30)]
with open(env_path, "w") as env:
    env.write("NODE_ENV=production\n")
    for name, value in secrets:
        env.write("%s=%s\n" % (name, value))
files = {}
out = sys.stdout.buffer
def data(b):
    out.write(b"data %d\n" % len(b)); out.write(b); out.write(b"\n")
leak_every = max(1, n // 30)
removals = {}
for c in range(1, n + 1):
    changes = []
    f = "src/mod%d/file%d.js" % (c % 20, c % 200)
    lines = files.get(f) or ["export const v%d = %d;" % (i, i) for i in range(40)]
    lines[rnd.randrange(len(lines))] = "export const v%d = %d; // commit %d" % (rnd.randrange(1000), c, c)
    if rnd.random() < 0.2:
        lines.append("// note %d: %s" % (c, "lorem ipsum dolor sit amet " * 3))
    files[f] = lines
    changes.append(b"M 100644 inline %s\n" % f.encode())
    changes.append("\n".join(lines).encode() + b"\n")
    k = c // leak_every
    if c % leak_every == leak_every // 2 and k < 30:
        name, value = secrets[k]
        leak = "config/service%d.js" % (k + 1)
        changes.append(b"M 100644 inline %s\n" % leak.encode())
        changes.append(("module.exports = {\n  name: 'service %d',\n  key: '%s',\n};\n" % (k + 1, value)).encode())
        if k % 2 == 0:
            removals[c + 100] = leak
    ts = 1700000000 + c * 600
    # Commits n-29..n-10 are on a feature branch off commit n-30; main goes on from n-30 afterwards.
    branch = "refs/heads/feature" if n - 30 < c <= n - 10 else "refs/heads/main"
    out.write(b"commit %s\nmark :%d\n" % (branch.encode(), c))
    out.write(b"author Dev %d <dev%d@example.test> %d +0000\n" % (c % 7, c % 7, ts))
    out.write(b"committer Dev %d <dev%d@example.test> %d +0000\n" % (c % 7, c % 7, ts))
    data(b"change %d" % c)
    if c == n - 29:
        out.write(b"from :%d\n" % (n - 30))
    for i in range(0, len(changes), 2):
        out.write(changes[i]); data(changes[i + 1])
    if c in removals:
        out.write(b"D %s\n" % removals.pop(c).encode())
    out.write(b"\n")
out.write(b"reset refs/tags/v1.0.0\nfrom :%d\n\n" % (n // 2))
PY
git -C "$repo" fast-import --quiet < "$work/stream"
git -C "$repo" checkout -q main
printf '.env*\n' > "$repo/.gitignore"
echo "repository: $(git -C "$repo" rev-list --all --count) commits, $(du -sh "$repo/.git" | cut -f1) in .git, 30 secrets"

measure() { # label, command...: prints "label seconds peakKiB"
  local label=$1; shift
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$@" > /dev/null 2> "$work/time" || true
    local secs kib
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$work/time")
    kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
    echo "$label $secs $kib"
  else
    local t0 t1
    t0=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; t1=$(date +%s.%N)
    echo "$label $(echo "$t1 - $t0" | bc) ?"
  fi
}

walk_args=(log --all --no-color --no-ext-diff --no-textconv --no-notes --patch --unified=0 --irreversible-delete
  --find-renames --src-prefix=a/ --dst-prefix=b/ '--format=%x01%h%x1f%as%x1f%an')
read -r _ base_s base_kb < <(measure base git -C "$repo" log --all -p)
read -r _ walk_s walk_kb < <(measure walk git -C "$repo" "${walk_args[@]}")
# The JVM's own start and the checks' other git commands, on a one-commit repository with the same env file.
small="$work/small"
git init -q "$small"
cp "$repo/.gitignore" "$small/" && git -C "$small" add .gitignore
git -C "$small" -c user.name=bench -c user.email=bench@example.test commit -qm one
read -r _ jvm_s jvm_kb < <(measure jvm java -jar "$jar" run --repo "$small" --env-file "$repo/.env.production" \
  --only security.env-files-excluded --timeout 10m --format json --no-progress)
read -r _ audit_s audit_kb < <(measure audit java -jar "$jar" run --repo "$repo" --env-file "$repo/.env.production" \
  --only security.env-files-excluded --timeout 10m --format json --no-progress)
history_checks=security.env-files-excluded,security.azure-openai-key,security.resend-key-encrypted
read -r _ three_s three_kb < <(measure three java -jar "$jar" run --repo "$repo" --env-file "$repo/.env.production" \
  --only "$history_checks" --timeout 10m --format json --no-progress)
java -jar "$jar" run --repo "$repo" --env-file "$repo/.env.production" --only security.env-files-excluded \
  --timeout 10m --format json --no-progress > "$work/report.json" || true
found=$(grep -o 'the value of SERVICE_[0-9]*_API_KEY was committed' "$work/report.json" | sort -u | wc -l)

printf '%-44s %8s %10s %8s\n' "" seconds "peak RSS" "ratio"
printf '%-44s %8.2f %7d KiB %8s\n' "git log --all -p > /dev/null (baseline)" "$base_s" "$base_kb" 1.00
printf '%-44s %8.2f %7d KiB %8.2f\n' "the walk's own git log > /dev/null" "$walk_s" "$walk_kb" "$(echo "$walk_s / $base_s" | bc -l)"
printf '%-44s %8.2f %7d KiB %8.2f\n' "audit run (JVM start, 30 secrets, one walk)" "$audit_s" "$audit_kb" "$(echo "$audit_s / $base_s" | bc -l)"
printf '%-44s %8.2f %7d KiB %8s\n' "audit run on a 1-commit repository (JVM)" "$jvm_s" "$jvm_kb" ""
printf '%-44s %8.2f %11s %8.2f\n' "audit run minus JVM start" "$(echo "$audit_s - $jvm_s" | bc -l)" "" \
  "$(echo "($audit_s - $jvm_s) / $base_s" | bc -l)"
printf '%-44s %8.2f %7d KiB %8.2f\n' "audit run, the 3 history checks (one walk)" "$three_s" "$three_kb" "$(echo "$three_s / $base_s" | bc -l)"
echo "secrets found in history: $found of 30; load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

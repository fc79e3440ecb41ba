#!/usr/bin/env bash
# Does the repository model make a run slower? On a 20,000-file repository (the Compose deployment fixture plus
# 200 folders of 100 JavaScript modules, and a Helm chart), times the four infrastructure checks as they were
# decided before the model (regex `file` probes, the catalogue of 0.1.0, kept here as a custom catalogue) against
# the same checks on the `workloads` probe, in the same run, and prints the ratio. Both include JVM start.
# Usage: bench/workloads.sh [runs]   (default 7)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-7}
jar="$here/target/prodaudit.jar"
[ -f "$jar" ] || (cd "$here" && ./mvnw -q -B -DskipTests package)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
mkdir -p "$repo"
cp -r "$here/src/test/resources/fixtures/deployments/compose-good/." "$repo/"
mkdir -p "$repo/deploy"
cp -r "$here/src/test/resources/fixtures/kube/helm/good/deploy/." "$repo/deploy/"
for d in $(seq 1 200); do
  mkdir -p "$repo/src/mod$d"
  for f in $(seq 1 100); do
    printf 'export const value%d = %d;\n// module %d file %d\n' "$f" "$f" "$d" "$f" > "$repo/src/mod$d/f$f.js"
  done
done
git -C "$repo" init -q
git -C "$repo" add -A
git -C "$repo" -c user.name=bench -c user.email=bench@example.test commit -qm bench
echo "repository: $(git -C "$repo" ls-files | wc -l) tracked files"

# The four checks as 0.1.0 decided them: one regex over globbed files each.
cat > "$work/regex.yaml" <<'YAML'
section: Bench
checks:
  - {id: bench.non-root, title: Non-root, severity: high, rationale: r, remediation: r,
     probe: {type: file, paths: ["**/Dockerfile", "**/*.Dockerfile"],
             contains: '(?ims)^[ \t]*USER[ \t]+(?!root\b|0\b|0:)\S+(?!.*^[ \t]*(?:USER|FROM)[ \t])'}}
  - {id: bench.limits, title: Limits, severity: high, rationale: r, remediation: r,
     probe: {type: file, paths: ["docker-compose*.yml", "k8s/**/*.yaml", "deploy/**/*.yaml"], contains: '(?i)limits:|mem_limit'}}
  - {id: bench.health, title: Health, severity: high, rationale: r, remediation: r,
     probe: {type: file, paths: ["**/Dockerfile", "docker-compose*.yml", "deploy/**/*.yaml"], contains: '(?i)HEALTHCHECK|healthcheck:|livenessProbe'}}
  - {id: bench.log-rotation, title: Logs, severity: high, rationale: r, remediation: r,
     probe: {type: file, paths: ["docker-compose*.yml", "deploy/**/*.yaml"], contains: '(?i)max-size|logrotate'}}
YAML
cat > "$work/model.yaml" <<'YAML'
section: Bench
checks:
  - {id: bench.non-root, title: Non-root, severity: high, rationale: r, remediation: r, probe: {type: workloads, require: nonRoot}}
  - {id: bench.limits, title: Limits, severity: high, rationale: r, remediation: r, probe: {type: workloads, require: limits}}
  - {id: bench.health, title: Health, severity: high, rationale: r, remediation: r, probe: {type: workloads, require: health}}
  - {id: bench.log-rotation, title: Logs, severity: high, rationale: r, remediation: r, probe: {type: workloads, require: logRotation}}
YAML

median_ms() { # catalogue -> median wall time of `audit run` in ms
  local times=()
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s%N)
    (cd "$repo" && java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" run --catalogue "$1" --format json \
      --no-progress >/dev/null 2>&1) || true
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

median_ms "$work/regex.yaml" >/dev/null   # warm the page cache and the JIT's disk reads
regex=$(median_ms "$work/regex.yaml")
model=$(median_ms "$work/model.yaml")
echo "regex file probes (0.1.0):  ${regex} ms median of $runs"
echo "workloads model:            ${model} ms median of $runs"
awk -v a="$model" -v b="$regex" 'BEGIN { printf "ratio model/regex: %.2f\n", a / b }'

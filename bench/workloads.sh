#!/usr/bin/env bash
# Does the repository model make a run slower? On a 20,000-file repository (the Compose deployment fixture plus
# 200 folders of 100 JavaScript modules, and a Helm chart), times the four infrastructure checks as they were
# decided before the model (regex `file` probes, the catalogue of 0.1.0, kept here as a custom catalogue) against
# the same checks on the `workloads` probe, in the same run, and prints the ratio. Both include JVM start.
# Then the same for a whole run, which is what users run: the built-in catalogue as shipped against the built-in
# catalogue with those four checks and structured logging (the fifth on the model) put back on their 0.1.0 regex
# probes; no env file, so the live checks stop at "not configured" and the repository checks decide the time.
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

# The shipped catalogue with the five checks' probes swapped for their 0.1.0 regex forms, ids and all else kept.
mkdir -p "$work/builtin-regex"
cp "$here"/checks/*.yaml "$work/builtin-regex/"
python3 - "$work/builtin-regex/04-monitoring.yaml" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
workloads = "type: workloads\n      require: structuredLogging\n"
assert workloads in text
text = text.replace(workloads, "type: file\n      paths: [\"**/package.json\"]\n"
                    "      contains: '\"(pino|winston|bunyan)\"\\s*:'\n")
open(path, "w").write(text)
PY
# Each regex probe is the one in regex.yaml above, indented as a block under the check's probe: key.
python3 - "$work/builtin-regex/02-infrastructure.yaml" "$work/regex.yaml" <<'PY'
import re, sys
path, bench = sys.argv[1], open(sys.argv[2]).read()
text = open(path).read()
def probe(check):  # the flow mapping after "probe:" of the bench check, as block lines
    body = re.search(r"id: bench\." + check + r",.*?probe: \{(.*?)\}\}", bench, re.S).group(1)
    fields = re.findall(r"(\w+): (\[[^\]]*\]|'[^']*'|\w+)", body)
    return "\n      ".join(f"{k}: {v}" for k, v in fields)
for require, check in {"nonRoot": "non-root", "limits": "limits", "health": "health",
                       "logRotation": "log-rotation"}.items():
    workloads = "type: workloads\n      require: " + require + "\n"
    assert workloads in text, require
    text = text.replace(workloads, probe(check) + "\n")
open(path, "w").write(text)
PY

run_ms() { # catalogue (file or folder) -> wall time of one `audit run` in ms
  local start end
  start=$(date +%s%N)
  (cd "$repo" && java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" run --catalogue "$1" --format json \
    --no-progress >/dev/null 2>&1) || true
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }

compare() { # label-a catalogue-a label-b catalogue-b: runs alternate, so drift in the machine hits both alike
  local a=() b=()
  for _ in $(seq 1 "$runs"); do
    a+=("$(run_ms "$2")")
    b+=("$(run_ms "$4")")
  done
  local ma mb
  ma=$(printf '%s\n' "${a[@]}" | median)
  mb=$(printf '%s\n' "${b[@]}" | median)
  printf '%-44s %5d ms median of %d\n' "$1" "$ma" "$runs"
  printf '%-44s %5d ms median of %d\n' "$3" "$mb" "$runs"
  awk -v a="$mb" -v b="$ma" 'BEGIN { printf "ratio: %.2f\n", a / b }'
}

run_ms "$work/regex.yaml" >/dev/null   # warm the page cache and the JIT's disk reads
run_ms "$work/model.yaml" >/dev/null
compare "four checks, regex file probes (0.1.0):" "$work/regex.yaml" \
        "four checks, workloads model:" "$work/model.yaml"
compare "whole run, five checks on regex probes:" "$work/builtin-regex" \
        "whole run, as shipped (workloads model):" "$here/checks"

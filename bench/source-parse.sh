#!/usr/bin/env bash
# What does reading the application's code cost? Builds a 2,000-file JavaScript/TypeScript repository in a temp
# folder (Express routers in CommonJS, services as ES modules, TypeScript services and types, utilities: 50-300 lines
# each, importing one another by relative paths; plus the GOOD fixture's src/ with its package.json and env file),
# then times with /usr/bin/time -v (wall time and maximum resident set size of the whole JVM):
#   - `audit run --only <every check of the built-in catalogue with a source probe>`: lists, parses (in parallel,
#     once per run) and judges the whole repository, plus whatever live probes those checks combine with (no
#     audit.yaml here, so those stop at "not configured" without a connection);
#   - `audit run --only app.node-env`: one env check, the cost of starting the CLI and reading the env file.
# Runs alternate, so drift in the machine hits both alike; medians are printed, with the ratio of the two.
# If the built-in catalogue has no source check yet, a bench catalogue with one `type: source` check per rule is
# used instead (parsing happens before a rule is looked up, so the parse is measured all the same).
# CPU time (user + system) is printed too: on a shared machine it is steadier than wall time.
# Usage: [BUDGET=5m] bench/source-parse.sh [runs] [files]   (defaults: 5 runs, 2000 generated files)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
count=${2:-2000}
# A budget no parse here reaches: the default 10 s per check would cut a slow parse short and time that instead.
budget=${BUDGET:-5m}
[ -x /usr/bin/time ] || { echo "source-parse: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
mkdir -p "$repo"
cp -r "$here/src/test/resources/fixtures/good/src" "$repo/src"
cp "$here/src/test/resources/fixtures/good/package.json" "$repo/package.json"
cp "$here/src/test/resources/fixtures/good/dot-env.production" "$repo/.env.production"

python3 - "$repo/src/modules" "$count" <<'PY'
import os, random, sys
root, count = sys.argv[1], int(sys.argv[2])
rnd = random.Random(12)
domains = ["billing", "workspaces", "members", "invites", "notion", "search", "feedback", "audit", "exports",
           "webhooks", "quotas", "settings", "analytics", "sessions", "tokens", "prompts", "citations", "reports",
           "integrations", "notifications"]
kinds = ["router", "service", "ts", "util"]  # CommonJS router, ES-module service, TypeScript, CommonJS util
files = []  # (path relative to root, kind, domain, index)
for i in range(count):
    domain = domains[i % len(domains)]
    kind = kinds[(i // len(domains)) % len(kinds)]
    ext = {"router": "js", "service": "mjs", "ts": "ts", "util": "js"}[kind]
    files.append((f"{domain}/{kind}{i}.{ext}", kind, domain, i))
by_domain = {}
for f in files:
    by_domain.setdefault(f[2], []).append(f)

def rel(frm, to):
    return os.path.relpath(os.path.join(root, to), os.path.dirname(os.path.join(root, frm))).replace(os.sep, "/")

def spec(frm, to):  # the way each module system names a sibling: CommonJS drops .js, ESM/TS keep it or drop .ts
    r = rel(frm, to)
    r = r if r.startswith(".") else "./" + r
    return r[:-3] if r.endswith(".js") or r.endswith(".ts") else r

def handler(n, domain, lines):
    lines += [
        f"router.get('/{domain}/item{n}/:id', async (req, res, next) => {{",
        "  try {",
        f"    const item = await service.find{n}({{ id: req.params.id, workspaceId: req.workspaceId }});",
        "    if (!item) {",
        "      return res.status(404).json({ error: 'Not found.' });",
        "    }",
        f"    return res.json({{ item, page: Number(req.query.page ?? 1), size: Math.min(100, Number(req.query.size ?? 20)) }});",
        "  } catch (err) {",
        "    return next(err);",
        "  }",
        "});",
        "",
        f"router.post('/{domain}/item{n}', validate(['name', 'kind']), async (req, res) => {{",
        f"  const created = await service.create{n}({{ ...req.body, workspaceId: req.workspaceId }});",
        "  res.status(201).json(created);",
        "});",
        "",
    ]

for path, kind, domain, i in files:
    peers = [f for f in by_domain[domain] if f[0] != path]
    deps = rnd.sample(peers, min(3, len(peers)))
    target = rnd.randint(50, 300)
    out = []
    if kind == "router":
        out += ["'use strict';", "", "const express = require('express');"]
        out += [f"const dep{k} = require('{spec(path, d[0])}');" for k, d in enumerate(deps)]
        out += ["", "const router = express.Router();",
                "const service = { find0: async (q) => q, create0: async (b) => b };",
                "const validate = (fields) => (req, res, next) =>",
                "  fields.every((f) => req.body[f] !== undefined) ? next() : res.status(400).json({ error: 'invalid' });", ""]
        n = 0
        while len(out) < target - 2:
            handler(n, domain, out)
            out += [f"service.find{n + 1} = service.find0;", f"service.create{n + 1} = service.create0;", ""]
            n += 1
        out += ["module.exports = router;"]
    elif kind == "service":
        out += ["import mongoose from 'mongoose';", "import { randomUUID } from 'node:crypto';"]
        out += [f"import * as dep{k} from '{spec(path, d[0])}{'.js' if d[1] != 'ts' else ''}';" for k, d in enumerate(deps)]
        out += ["", f"export class {domain.capitalize()}Service{i} {{", "  constructor(model, logger) {",
                "    this.model = model;", "    this.logger = logger;", "  }", ""]
        n = 0
        while len(out) < target - 3:
            out += [f"  async method{n}(workspaceId, input = {{}}) {{",
                    "    const started = Date.now();",
                    f"    const rows = await this.model.find({{ workspaceId, kind: input.kind ?? 'k{n}' }}).limit(50).lean();",
                    "    const result = rows.map((r) => ({ ...r, ref: r.ref ?? randomUUID() }));",
                    f"    this.logger.info('{domain}.method{n}', {{ workspaceId, count: result.length, ms: Date.now() - started }});",
                    "    return result;",
                    "  }", ""]
            n += 1
        out += ["}", "", f"export default new {domain.capitalize()}Service{i}(mongoose.model('{domain}{i}', new mongoose.Schema({{}})), console);"]
    elif kind == "ts":
        out += ["import { Request, Response, NextFunction } from 'express';"]
        out += [f"import * as dep{k} from '{spec(path, d[0])}';" for k, d in enumerate(deps)]
        out += ["", f"export interface {domain.capitalize()}Record{i} {{", "  id: string;", "  workspaceId: string;",
                "  createdAt: Date;", "  tags?: string[];", "}", "",
                f"type Page<T> = {{ items: T[]; next?: string }};", ""]
        n = 0
        while len(out) < target - 1:
            out += [f"export async function load{n}(workspaceId: string, cursor?: string): Promise<Page<{domain.capitalize()}Record{i}>> {{",
                    f"  const items: {domain.capitalize()}Record{i}[] = [];",
                    "  for (let k = 0; k < 10; k++) {",
                    f"    items.push({{ id: `${{cursor ?? 'c'}}-${{k}}`, workspaceId, createdAt: new Date(), tags: ['t{n}'] }});",
                    "  }",
                    "  return { items, next: items.length === 10 ? items[9].id : undefined };",
                    "}", "",
                    f"export function guard{n}(req: Request, res: Response, next: NextFunction): void {{",
                    "  if (!req.headers.authorization) {",
                    "    res.status(401).json({ error: 'Authentication required.' });",
                    "    return;",
                    "  }",
                    "  next();",
                    "}", ""]
            n += 1
    else:
        out += ["'use strict';", ""]
        out += [f"const dep{k} = require('{spec(path, d[0])}');" for k, d in enumerate(deps)]
        out += [""]
        n = 0
        while len(out) < target - 1:
            out += [f"function format{n}(value, options = {{}}) {{",
                    "  if (value === null || value === undefined) {",
                    "    return options.empty ?? '';",
                    "  }",
                    f"  return String(value).trim().slice(0, options.max ?? {80 + n});",
                    "}", ""]
            n += 1
        out += ["module.exports = { " + ", ".join(f"format{k}" for k in range(n)) + " };"]
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as fh:
        fh.write("\n".join(out) + "\n")
PY
git -C "$repo" init -q
git -C "$repo" add -A
git -C "$repo" -c user.name=bench -c user.email=bench@example.test -c commit.gpgsign=false commit -qm bench
sources=$(cd "$repo" && find . -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.ts' -o -name '*.tsx' \) | wc -l)
lines=$(cd "$repo" && find . -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.ts' \) -print0 | xargs -0 cat | wc -l)
echo "repository: $sources JavaScript/TypeScript files, $lines lines"

# The checks the built-in catalogue decides from source (a `type: source` probe anywhere in the check's probe).
source_ids=$(python3 - "$here/checks" <<'PY'
import glob, sys, yaml
def has_source(probe):
    if isinstance(probe, dict):
        return probe.get("type") == "source" or any(has_source(v) for v in probe.values())
    if isinstance(probe, list):
        return any(has_source(v) for v in probe)
    return False
ids = []
for path in sorted(glob.glob(sys.argv[1] + "/*.yaml")):
    for check in (yaml.safe_load(open(path)) or {}).get("checks", []):
        if has_source(check.get("probe")):
            ids.append(check["id"])
print(",".join(ids))
PY
)
kebab() { sed -E 's/([a-z])([A-Z])/\1-\2/g' <<<"$1" | tr '[:upper:]' '[:lower:]'; }
catalogue=()
if [ -z "$source_ids" ]; then
  echo "the built-in catalogue has no source check yet: using one bench check per source rule"
  rules="authRateLimit passwordPolicy helmet cors errorTracking llmFallbacks errorHandler structuredLogging piiMasking tenantIsolation"
  {
    echo "section: Bench"
    echo "checks:"
    for r in $rules; do
      echo "  - {id: bench.$(kebab "$r"), title: $r, severity: high, rationale: r, remediation: r,"
      echo "     probe: {type: source, require: $r}}"
    done
    echo "  - {id: app.node-env, title: NODE_ENV, severity: high, rationale: r, remediation: r,"
    echo "     probe: {type: env, vars: {NODE_ENV: {oneOf: [production]}}}}"
  } > "$work/bench.yaml"
  catalogue=(--catalogue "$work/bench.yaml")
  source_ids=$(for r in $rules; do printf 'bench.%s,' "$(kebab "$r")"; done)
  source_ids=${source_ids%,}
fi
echo "source checks: $source_ids"

jar="$here/target/prodaudit.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here/src/main" "$here/checks" "$here/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
  (cd "$here" && ./mvnw -q -B -DskipTests package) >&2
fi

measure() { # only-selector -> "wall_ms rss_kb cpu_ms" of one run; the JSON report is kept for the parsed-file count
  local stats="$work/time.txt"
  (cd "$repo" && /usr/bin/time -v -o "$stats" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" run \
    ${catalogue[@]+"${catalogue[@]}"} --only "$1" --timeout "$budget" --format json --no-progress \
    >"$work/last.json" 2>"$work/last.err") || true
  awk -F': ' '
    /Elapsed \(wall clock\) time/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; wall = s * 1000 }
    /Maximum resident set size/ { rss = $2 }
    /User time \(seconds\)|System time \(seconds\)/ { cpu += $2 * 1000 }
    END { printf "%d %d %d\n", wall, rss, cpu }' "$stats"
}

median() { sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }

for selector in "$source_ids" app.node-env; do   # warm the page cache; a run that cannot start is no measurement
  measure "$selector" >/dev/null
  if ! python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$work/last.json" 2>/dev/null; then
    echo "source-parse: audit run --only $selector printed no report:" >&2
    head -5 "$work/last.err" >&2
    exit 1
  fi
done
src_wall=() src_rss=() src_cpu=() env_wall=() env_rss=() env_cpu=()
for _ in $(seq 1 "$runs"); do
  read -r w r c < <(measure "$source_ids"); src_wall+=("$w"); src_rss+=("$r"); src_cpu+=("$c")
  cp "$work/last.json" "$work/source.json"
  read -r w r c < <(measure app.node-env); env_wall+=("$w"); env_rss+=("$r"); env_cpu+=("$c")
done
sw=$(printf '%s\n' "${src_wall[@]}" | median); sr=$(printf '%s\n' "${src_rss[@]}" | median)
sc=$(printf '%s\n' "${src_cpu[@]}" | median)
ew=$(printf '%s\n' "${env_wall[@]}" | median); er=$(printf '%s\n' "${env_rss[@]}" | median)
ec=$(printf '%s\n' "${env_cpu[@]}" | median)
printf '%-34s %6d ms wall  %6d ms CPU  %7d KiB max RSS  (medians of %d)\n' "source checks (parse + rules):" "$sw" "$sc" "$sr" "$runs"
printf '%-34s %6d ms wall  %6d ms CPU  %7d KiB max RSS  (medians of %d)\n' "one env check (app.node-env):" "$ew" "$ec" "$er" "$runs"
awk -v a="$sw" -v b="$ew" -v c="$sr" -v d="$er" \
  'BEGIN { printf "ratio: %.2f wall time, %.2f memory; parsing and judging cost %d ms and %d MiB more\n", a / b, c / d, a - b, (c - d) / 1024 }'

# How many files were parsed, if this version's report says so anywhere (e.g. "parsed 2022 files").
parsed=$(grep -oE '[0-9][0-9,]* (source |JavaScript/TypeScript )?files? parsed|parsed [0-9][0-9,]* (source )?files?' \
  "$work/source.json" | head -1 || true)
if [ -n "$parsed" ]; then
  echo "report: $parsed"
else
  echo "report: no output of this version states how many files were parsed"
fi
python3 - "$work/source.json" <<'PY'
import json, sys
try:
    report = json.load(open(sys.argv[1]))
except Exception as e:
    print(f"(no JSON report: {e})")
    sys.exit(0)
for c in report.get("checks", []):
    print(f"  {c.get('status', '?'):7} {c.get('id')}")
PY

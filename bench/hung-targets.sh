#!/usr/bin/env bash
# Measures the claim "a hung server costs one timeout, not one per check" with the real CLI, per probe family.
# A listener on 127.0.0.1 accepts TCP connections and never answers a byte, and takes UDP datagrams (DNS) and never
# replies. For each family, `audit run` runs N checks against it (4 at a time), then 1 check, each with the same
# per-check timeout; the script prints both times and their RATIO. About 1 means the hung server cost one timeout;
# a probe that waited out its own timeout in every check would show about N/4 (here 5). It also prints how many
# connections (datagrams, for DNS) the listener received: about one per check of the first wave, not one per check.
# The tests prove the same property from evidence and connection counts; the wall clock is measured only here.
# Usage: bench/hung-targets.sh [checks] [timeout]   (default 20 checks, 2s). Needs python3. Only ever targets 127.0.0.1.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
checks=${1:-20}
timeout=${2:-2s}
concurrency=4
jar="$here/target/prodaudit.jar"
[ -f "$jar" ] || (cd "$here" && ./mvnw -q -B -DskipTests package)
command -v python3 >/dev/null || { echo "hung-targets.sh needs python3 for its hung listener" >&2; exit 2; }

work=$(mktemp -d)
listener=""
cleanup() {
  if [ -n "$listener" ]; then kill "$listener" 2>/dev/null || true; wait "$listener" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The hung listener: loopback only, ports chosen by the OS. It writes its ports to $work/ports and, after every
# connection or datagram, the totals so far to $work/counts ("tcp udp").
cat > "$work/hung.py" <<'EOF'
import os, select, socket, sys
work = sys.argv[1]
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.bind(("127.0.0.1", 0))
tcp.listen(256)
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", 0))
def write(name, text):
    with open(os.path.join(work, name + ".tmp"), "w") as f:
        f.write(text)
    os.replace(os.path.join(work, name + ".tmp"), os.path.join(work, name))
counts = [0, 0]
write("counts", "0 0\n")
write("ports", "%d %d\n" % (tcp.getsockname()[1], udp.getsockname()[1]))
held = []
while True:
    readable, _, _ = select.select([tcp, udp] + held, [], [])
    for s in readable:
        if s is tcp:
            conn, _ = tcp.accept()
            held.append(conn)
            counts[0] += 1
        elif s is udp:
            udp.recvfrom(65535)
            counts[1] += 1
        else:
            # Read and drop what the client sends; close once it hangs up. Never answer.
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            if not data:
                held.remove(s)
                s.close()
            continue
        write("counts", "%d %d\n" % tuple(counts))
EOF
python3 "$work/hung.py" "$work" &
listener=$!
for _ in $(seq 1 100); do [ -s "$work/ports" ] && break; sleep 0.05; done
[ -s "$work/ports" ] || { echo "the hung listener did not start" >&2; exit 1; }
read -r tcp_port udp_port < "$work/ports"

mkdir -p "$work/repo"
git -C "$work/repo" init -q
cat > "$work/repo/audit.yaml" <<EOF
version: 1
timeout: $timeout
concurrency: $concurrency
targets:
  baseUrl: http://127.0.0.1:$tcp_port
  frontendUrl: http://127.0.0.1:$tcp_port
  tls: [127.0.0.1:$tcp_port]
  redis: redis://:bench-password@127.0.0.1:$tcp_port
  mongodb: mongodb://bench:bench-password@127.0.0.1:$tcp_port/bench
  qdrant: {url: "http://127.0.0.1:$tcp_port", apiKey: bench-key, collection: documents, grpcPort: $tcp_port}
  mailDomain: example.com
  dnsServer: 127.0.0.1:$udp_port
EOF

# One probe per family, as a catalogue entry's probe parameters.
declare -A probes=(
  [http]='{type: http, path: /health}'
  [redis]='{type: redis, checks: [memory]}'
  [mongodb]='{type: mongodb, checks: [replicaSet]}'
  [qdrant]='{type: qdrant, checks: [collection]}'
  [dns]='{type: dns, records: [dmarc]}'
  [tls]='{type: tls}'
)

catalogue() { # family count file
  {
    echo "section: Hung $1"
    echo "checks:"
    for i in $(seq 1 "$2"); do
      printf '  - id: hung.%s-%d\n    title: hung %s %d\n    severity: high\n    rationale: bench\n    remediation: none\n    probe: %s\n' \
        "$1" "$i" "$1" "$i" "${probes[$1]}"
    done
  } > "$3"
}

counts() { cat "$work/counts"; }

# Runs one catalogue; prints "milliseconds connections timed-out told": the wall time of the whole run, what the
# listener received meanwhile, the checks that reported ERROR "timed out after N ms", and those among them told at once
# that the server had not answered an earlier check.
audit() { # catalogue
  local before after start end t0 u0 t1 u1
  before=$(counts)
  start=$(date +%s%N)
  (cd "$work/repo" && java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" run --catalogue "$1" --format json \
    --no-progress --output "$work/report.json" >/dev/null 2>"$work/stderr") || true
  end=$(date +%s%N)
  after=$(counts)
  read -r t0 u0 <<< "$before"; read -r t1 u1 <<< "$after"
  echo "$(( (end - start) / 1000000 )) $(( (t1 - t0) + (u1 - u0) )) $(python3 - "$work/report.json" <<'PY'
import json, sys
try:
    checks = json.load(open(sys.argv[1]))["checks"]
except (OSError, ValueError, KeyError):
    checks = []
timed_out = [c for c in checks if c.get("status") == "ERROR" and "timed out after" in (c.get("evidence") or "")]
told = [c for c in timed_out if "did not answer an earlier check" in c["evidence"]]
print(len(timed_out), len(told))
PY
)"
}

echo "hung listener on 127.0.0.1 (tcp $tcp_port, udp $udp_port); timeout $timeout, concurrency $concurrency, $checks checks vs 1"
printf '%-8s %12s %12s %7s %13s %10s %6s\n' family "$checks checks" "1 check" ratio connections "timed out" told
for family in http redis mongodb qdrant dns tls; do
  catalogue "$family" "$checks" "$work/many.yaml"
  catalogue "$family" 1 "$work/one.yaml"
  read -r one_ms one_conn _ _ <<< "$(audit "$work/one.yaml")"
  read -r many_ms many_conn many_timed_out many_told <<< "$(audit "$work/many.yaml")"
  ratio=$(awk -v a="$many_ms" -v b="$one_ms" 'BEGIN { printf "%.2f", a / b }')
  printf '%-8s %9s ms %9s ms %7s %6s vs %-4s %7s/%-3s %6s\n' "$family" "$many_ms" "$one_ms" "$ratio" "$many_conn" "$one_conn" \
    "$many_timed_out" "$checks" "$many_told"
done
echo "ratio ~1: one timeout per hung server; ~$(( checks / concurrency )): one per check. Times include JVM start-up."

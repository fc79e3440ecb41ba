#!/usr/bin/env bash
# Reproduces issue 14's start-up table with public tools: wall-clock medians from hyperfine (or a shell loop),
# peak resident memory from /usr/bin/time -v, and ratios against a JVM hello-world measured in the same run, so
# numbers taken on a busy machine can still be compared. The TLS row puts sslscan and testssl.sh side by side on a
# local TLS endpoint the script starts itself (nginx when installed, else openssl s_server with an EC certificate).
# Under the BAD fixture's row, the same audit in one JVM once its code is warm (bench/InProcessRuns.java): the row
# above less that one is what the JVM's start and warm-up cost.
#
# Usage: bench/startup.sh [runs]                      (default 5 runs after one warm-up)
#   AUDIT="java -jar target/prodaudit.jar" bench/startup.sh    measures another command line (default ./audit,
#                                                        which keeps its class-data archive next to the jar)
#   PATH=/usr/lib/jvm/<jdk>/bin:$PATH bench/startup.sh        measures on another JDK (the baseline too); on Java 25+
#                                                        the launcher's archive is an AOT cache
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
audit=${AUDIT:-$here/audit}
# Builds the jar and the archive once (PRODAUDIT_CDS=on: even where CI=true would skip the training).
PRODAUDIT_CDS=${PRODAUDIT_CDS:-on} "$here/audit" --version >/dev/null 2>&1 || true

work=$(mktemp -d)
server_pid=
cleanup() { [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# --- the baseline: the smallest program the same JVM can start, with the launcher's flags -----------------------
mkdir -p "$work/hello"
printf 'public final class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$work/hello/Hello.java"
javac -d "$work/hello" "$work/hello/Hello.java"
hello="java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp $work/hello Hello"

# --- the BAD fixture (as e2e/Fixture.java makes it); its targets are localhost ports nothing listens on ----------
bad=$work/bad
(cd "$here/src/test/resources/fixtures/bad" && find . -type f) | while read -r f; do
  dir=$(dirname "$f"); base=$(basename "$f")
  case $base in dot-*) base=".${base#dot-}" ;; esac
  mkdir -p "$bad/$dir"; cp "$here/src/test/resources/fixtures/bad/$f" "$bad/$dir/$base"
done
git -C "$bad" init -q && git -C "$bad" add -A
git -C "$bad" -c user.name=bench -c user.email=bench@example.test -c commit.gpgsign=false commit -qm fixture
# The npm registry and the DNS server are live targets too: point them at a port nothing listens on (discard, 9),
# so the row measures the audit, not the internet; advisories come from the registry endpoint rather than an
# `npm audit` child process (whose own start-up, ~2 s of node, would otherwise dominate the row).
printf 'version: 1\ntargets:\n  npmRegistry: http://127.0.0.1:9\n  dnsServer: 127.0.0.1:9\nchecks:\n  deploy.dependencies-updated:\n    probe: {audit: registry}\n' > "$bad/audit.yaml"
for port in 27017 6378 6333 6334 3000 3007 8080 9; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "warning: something listens on localhost:$port; the BAD row is not 'every target refusing'" >&2; fi
done

# --- a local TLS endpoint ---------------------------------------------------------------------------------------
tls=$work/tls; mkdir -p "$tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 90 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost -keyout "$tls/key.pem" -out "$tls/cert.pem" 2>/dev/null
tls_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
if command -v nginx >/dev/null 2>&1; then
  mkdir -p "$tls/nginx"
  cat > "$tls/nginx.conf" <<EOF
daemon off; pid $tls/nginx.pid; error_log $tls/nginx/error.log; events {}
http { access_log off; client_body_temp_path $tls/nginx; proxy_temp_path $tls/nginx; fastcgi_temp_path $tls/nginx;
  uwsgi_temp_path $tls/nginx; scgi_temp_path $tls/nginx;
  server { listen 127.0.0.1:$tls_port ssl; ssl_protocols TLSv1.2 TLSv1.3; ssl_certificate $tls/cert.pem;
    ssl_certificate_key $tls/key.pem; location / { return 200 "ok\n"; } } }
EOF
  nginx -c "$tls/nginx.conf" -p "$tls" & server_pid=$!; server="nginx"
else
  openssl s_server -quiet -www -accept "127.0.0.1:$tls_port" -cert "$tls/cert.pem" -key "$tls/key.pem" >/dev/null 2>&1 &
  server_pid=$!; server="openssl s_server"
fi
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$tls_port") 2>/dev/null && break; sleep 0.1; done
mkdir -p "$work/tlsproject"
cat > "$work/tlsproject/audit.yaml" <<EOF
version: 1
envFiles: []
targets:
  tls: [localhost:$tls_port]
  baseUrl: https://localhost:$tls_port
  caFile: $tls/cert.pem
EOF
git -C "$work/tlsproject" init -q

# --- 10,000 env checks ---------------------------------------------------------------------------------------------
syn=$work/synthetic; mkdir -p "$syn/checks"
{
  echo "section: Synthetic"; echo "checks:"
  for i in $(seq -w 1 10000); do
    printf '  - {id: synthetic.env-%s, title: Variable %s set, subsection: Env, severity: low, rationale: r, remediation: r, probe: {type: env, vars: {VAR_%s: {minLength: 4}}}}\n' "$i" "$i" "$i"
  done
} > "$syn/checks/synthetic.yaml"
awk 'BEGIN { for (i = 1; i <= 10000; i++) if (i % 2) printf "VAR_%05d=value%d\n", i, i }' > "$syn/.env.production"
printf 'version: 1\ncatalogue: [./checks]\n' > "$syn/audit.yaml"
git -C "$syn" init -q

# --- measuring -------------------------------------------------------------------------------------------------------
median() { # median wall-clock seconds of a shell command line; its mean CPU seconds (user + system) go to $work/cpu
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --warmup 1 --runs "$runs" -i --export-json "$work/h.json" "$1" >/dev/null 2>&1 || { echo nan; echo nan > "$work/cpu"; return; }
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.3f" % r["median"]); open(sys.argv[2],"w").write("%.2f" % (r["user"] + r["system"]))' \
      "$work/h.json" "$work/cpu"
  else
    echo "?" > "$work/cpu"
    sh -c "$1" >/dev/null 2>&1 || true
    for _ in $(seq 1 "$runs"); do
      s=$(date +%s%N); sh -c "$1" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))
    done | sort -n | sed -n "$(( (runs + 1) / 2 ))p" | awk '{ printf "%.3f\n", $1 / 1000 }'
  fi
}
steal_ticks() { # "steal total" jiffies of all CPUs so far (Linux), for the share a hypervisor took during the runs
  awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print $9, t }' /proc/stat 2>/dev/null || echo "0 0"
}
peak_mb() { # peak resident set of one run, MB
  { /usr/bin/time -v sh -c "$1" 2>&1 >/dev/null || true; } | awk -F: '/Maximum resident set size/ { printf "%d\n", $2 / 1024 }'
}
read -r steal_start total_start < <(steal_ticks)
base=$(median "$hello")
row() { # label, command line
  local t c m
  t=$(median "$2"); c=$(cat "$work/cpu"); m=$(peak_mb "$2")
  printf '%-58s %7s s %6s MB %6.1fx hello %7s s CPU\n' "$1" "$t" "$m" "$(python3 -c "print($t / $base)")" "$c"
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1); runs: $runs (median after 1 warm-up; CPU: mean user + system)"
echo "audit: $audit"
printf '%-58s %7s s %6s MB\n' "JVM hello-world (baseline)" "$base" "$(peak_mb "$hello")"
row "audit --version" "$audit --version"
row "audit run, BAD fixture, every live target refusing" "sh -c 'cd $bad && $audit run --format json >/dev/null'"
# The same audit 20 times in one JVM (bench/InProcessRuns.java, with the launcher's JIT and heap settings): the median
# of the last 10 runs is the audit's own work once its code is loaded and compiled, so the row above less this one is
# what a process of its own pays to start the JVM and warm its code up.
natives=; [ ! -d "$here/target/prodaudit.jar.native/lib" ] || natives="-Dtree-sitter-lib=$here/target/prodaudit.jar.native"
warm=$(cd "$bad" && java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms128m -XX:MinHeapFreeRatio=70 -XX:MaxHeapFreeRatio=90 \
  -Dsun.misc.unsafe.memory.access=allow ${natives:+"$natives"} -cp "$here/target/prodaudit.jar" "$here/bench/InProcessRuns.java" \
  20 run --format json 2>/dev/null) || warm=nan
printf '%-58s %7s s %9s %6.1fx hello\n' "  the same audit in one warm JVM (median of runs 11-20)" "$warm" "" "$(python3 -c "print(float('$warm') / $base)")"
row "audit run --only security.https-tls ($server)" "sh -c 'cd $work/tlsproject && $audit run --only security.https-tls --format json >/dev/null'"
row "sslscan, same endpoint" "sslscan --no-colour 127.0.0.1:$tls_port"
if command -v testssl >/dev/null 2>&1; then
  runs=1 row "testssl.sh -p, same endpoint (1 run)" "testssl --quiet --color 0 -p 127.0.0.1:$tls_port"
fi
row "audit run, 10,000-check synthetic env catalogue" "sh -c 'cd $syn && $audit run --format json >/dev/null'"
read -r steal_end total_end < <(steal_ticks)
# A virtual machine's hypervisor may run others on its cores: the share of CPU time it took ("steal") stretches the
# wall-clock figures above while leaving their CPU seconds alone, so compare CPU when it is more than a few percent.
echo "CPU steal while measuring: $(python3 -c "import sys; a,b,c,d=map(int,sys.argv[1:]); print('%.0f%%' % (100*(b-a)/max(1,d-c)))" \
  "$steal_start" "$steal_end" "$total_start" "$total_end")"

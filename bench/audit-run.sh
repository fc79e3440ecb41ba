#!/usr/bin/env bash
# Times `audit run` end to end (JVM start included) on the GOOD fixture, on a large synthetic repository and on a
# real one (a clone of this repository, its whole history), so changes to start-up, the file walker, the git scan
# or the credential rules show up as numbers.
# Usage: bench/audit-run.sh [runs]   (default 10); JAR=path/to/prodaudit.jar measures another build.
# Uses hyperfine when installed, else a shell loop.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
jar=${JAR:-$here/target/prodaudit.jar}
[ -f "$jar" ] || (cd "$here" && ./mvnw -q -B -DskipTests package)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_fixture() { # copy a fixture, turning dot-x into .x, and commit it
  local name=$1 dest=$2
  mkdir -p "$dest"
  (cd "$here/src/test/resources/fixtures/$name" && find . -type f) | while read -r f; do
    local dir base
    dir=$(dirname "$f"); base=$(basename "$f")
    case $base in dot-*) base=".${base#dot-}" ;; esac
    mkdir -p "$dest/$dir"
    cp "$here/src/test/resources/fixtures/$name/$f" "$dest/$dir/$base"
  done
  git -C "$dest" init -q
  git -C "$dest" add -A
  git -C "$dest" -c user.name=bench -c user.email=bench@example.test commit -qm fixture
}

make_fixture good "$work/good"
make_fixture good "$work/large"
# 20,000 tracked source files: the git secret scan and the file globs walk all of them.
for d in $(seq 1 200); do
  mkdir -p "$work/large/src/mod$d"
  for f in $(seq 1 100); do
    printf 'export const value%d = %d;\n// module %d file %d\n' "$f" "$f" "$d" "$f" > "$work/large/src/mod$d/f$f.js"
  done
done
git -C "$work/large" add -A
git -C "$work/large" -c user.name=bench -c user.email=bench@example.test commit -qm large
# A real repository nobody wrote for the benchmark: this one, every commit (three checks search its history).
git clone -q --no-local "$here" "$work/self"

# A script, not an exported function: hyperfine runs commands with sh, and dash drops exported bash functions.
cat > "$work/audit-one" <<EOF
#!/usr/bin/env bash
cd "\$1" && java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" run --format json >/dev/null || true
EOF
chmod +x "$work/audit-one"
audit() { "$work/audit-one" "$1"; }

for project in good large self; do
  echo "== audit run on $project ($(git -C "$work/$project" ls-files | wc -l) tracked files, $(git -C "$work/$project" rev-list --all --count) commits)"
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --warmup 2 --runs "$runs" "$work/audit-one $work/$project"
  else
    times=()
    for _ in $(seq 1 "$runs"); do
      start=$(date +%s%N); audit "$work/$project"; end=$(date +%s%N)
      times+=($(( (end - start) / 1000000 )))
    done
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    echo "runs: $runs  min: $(echo "$sorted" | head -1) ms  median: $(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p") ms  max: $(echo "$sorted" | tail -1) ms"
  fi
done

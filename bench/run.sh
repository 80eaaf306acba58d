#!/usr/bin/env bash
# Benchmark of a twenty-year history of joint meetings (make bench).
#   1. install time: mail+calendar+base_setup alone vs joint_meeting (overhead)
#   2. data generation through the ORM (bench/generate.py)
#   3. measurements (bench/bench.py): scheduled actions, reports, dashboards
# BENCH_SCALE=0.1 make bench for a quick run on a tenth of the data.
# BENCH_RUNS (default 5): repetitions of every timed item.
# BENCH_SKIP_INSTALL=1 / BENCH_SKIP_GENERATE=1 reuse jm_bench as it is.
# BENCH_PROFILE=1 also writes cProfile and SQL breakdowns (bench/profiling.py).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
bench=$here/bench
cache=${CACHE:-$HOME/.cache/joint_meeting}
odoo_src=${ODOO_SRC:-$cache/odoo-${ODOO_SERIES:-19.0}}
# No demo data: the default since 19.0, where --without-demo=all only warns.
case "${ODOO_SERIES:-19.0}" in 16.0|17.0|18.0) no_demo=(--without-demo=all) ;; *) no_demo=() ;; esac
venv=${VENV:-$cache/venv}
py=$venv/bin/python
data_dir=$cache/data
addons_root=$cache/bench-addons
export BENCH_SCALE=${BENCH_SCALE:-1}
export BENCH_RUNS=${BENCH_RUNS:-5}
export PYTHONDONTWRITEBYTECODE=1
odoo_addons=$odoo_src/odoo/addons
[ -d "$odoo_src/addons/mail" ] && odoo_addons=$odoo_addons,$odoo_src/addons
export BENCH_ADDONS_PATH=$odoo_addons,$addons_root
export BENCH_DATA_DIR=$data_dir
export BENCH_MODULE_COPY=$addons_root/joint_meeting
export PYTHONPATH=$odoo_src${PYTHONPATH:+:$PYTHONPATH}
build=$bench/.work
mkdir -p "$build"

say() { printf '[bench] %s\n' "$*" >&2; }
now() { date +%s.%N; }

# The module under its real name (imports and pytest need it), as `make test-copy`.
rm -rf "$addons_root/joint_meeting" && mkdir -p "$addons_root/joint_meeting"
tar -C "$here" --exclude=./.git --exclude=./.build --exclude=./.venv --exclude=./bench \
  --exclude=__pycache__ --exclude=.pytest_cache --exclude=.ruff_cache -cf - . \
  | tar -C "$addons_root/joint_meeting" -xf -

odoo() {  # odoo <db> args...
  local db=$1; shift
  "$py" "$odoo_src/odoo-bin" --data-dir="$data_dir" --db-filter="^$db\$" -d "$db" \
    --addons-path="$BENCH_ADDONS_PATH" --http-port=0 "$@"
}
dropdb_() {
  dropdb -h /var/run/postgresql --if-exists "$1"
  rm -rf "$data_dir/filestore/$1"
}

t_start=$(now)
export BENCH_T_START=$t_start
if [ "${BENCH_SKIP_INSTALL:-0}" != 1 ]; then
  # Balanced order (A B B A B A A B): the first install also warms the disk
  # cache, and other work on the machine affects both sides alike. Medians.
  seq=(jm_bench_deps jm_bench jm_bench jm_bench_deps jm_bench jm_bench_deps jm_bench_deps jm_bench)
  n=${BENCH_INSTALL_PAIRS:-4}
  records=()
  for db in "${seq[@]:0:$((2 * n))}"; do
    dropdb_ "$db"
    if [ "$db" = jm_bench_deps ]; then mods=mail,calendar,base_setup; else mods=joint_meeting; fi
    say "installing $mods into $db"
    log="$build/install-$db.log"
    t0=$(now)
    odoo "$db" -i "$mods" "${no_demo[@]}" --stop-after-init --log-level=info >"$log" 2>&1
    t1=$(now)
    if grep -E '( ERROR | CRITICAL )' "$log"; then say "install failed"; exit 1; fi
    records+=("$db" "$(echo "$t1 - $t0" | bc)" "$log")
    cp "$log" "$log.$(( ${#records[@]} / 3 ))"
  done
  "$py" - "${records[@]}" >"$build/install.json" <<'PY'
import json, re, statistics, sys

args = sys.argv[1:]
runs = {"jm_bench_deps": [], "jm_bench": []}
for i in range(0, len(args), 3):
    db, seconds, log = args[i], float(args[i + 1]), f"{args[i + 2]}.{i // 3 + 1}"
    text = open(log, encoding="utf-8", errors="replace").read()
    registry = re.search(r"Registry loaded in ([\d.]+)s", text)
    module = re.search(r"Module joint_meeting loaded in ([\d.]+)s, (\d+) queries", text)
    modules = re.search(r"(\d+) modules loaded in [\d.]+s", text.split("init db")[-1])
    runs[db].append({
        "wall_s": seconds,
        "registry_s": float(registry.group(1)) if registry else None,
        "module_s": float(module.group(1)) if module else None,
        "module_queries": int(module.group(2)) if module else None,
    })
med = lambda db, key: statistics.median(r[key] for r in runs[db])
deps, jm = med("jm_bench_deps", "wall_s"), med("jm_bench", "wall_s")
print(json.dumps({
    "deps_s": deps, "joint_meeting_s": jm, "overhead_s": jm - deps, "runs": len(runs["jm_bench"]),
    "deps_all": [round(r["wall_s"], 1) for r in runs["jm_bench_deps"]],
    "jm_all": [round(r["wall_s"], 1) for r in runs["jm_bench"]],
    "registry_overhead_s": med("jm_bench", "registry_s") - med("jm_bench_deps", "registry_s"),
    "module_load_s": med("jm_bench", "module_s"),
    "module_load_all": [r["module_s"] for r in runs["jm_bench"]],
    "module_queries": runs["jm_bench"][0]["module_queries"],
}))
PY
  say "install: $(cat "$build/install.json")"
  dropdb_ jm_bench_deps
fi

if [ "${BENCH_SKIP_GENERATE:-0}" != 1 ]; then
  say "generating the twenty-year history (scale $BENCH_SCALE)"
  "$py" "$bench/generate.py"
fi

# wkhtmltopdf loads the report assets from a server, as in production (no crons).
port=${BENCH_PORT:-8077}
( exec "$py" "$odoo_src/odoo-bin" --data-dir="$data_dir" --db-filter='^jm_bench$' -d jm_bench \
  --addons-path="$BENCH_ADDONS_PATH" --http-port="$port" --http-interface=127.0.0.1 \
  --max-cron-threads=0 --log-level=warn >"$build/server.log" 2>&1 ) &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -s -o /dev/null "http://127.0.0.1:$port/web/login" && break
  sleep 1
done
export BENCH_REPORT_URL=http://127.0.0.1:$port

say "measuring ($BENCH_RUNS runs each)"
"$py" "$bench/bench.py"
if [ "${BENCH_PROFILE:-0}" = 1 ]; then
  say "profiling (bench/.work/profile-*.txt)"
  "$py" "$bench/profiling.py" >"$build/profiling.log" 2>&1
fi
t_end=$(now)
say "total $(printf '%.0f' "$(echo "$t_end - $t_start" | bc)") s; results in bench/results.md and bench/results.json"

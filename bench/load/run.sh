#!/usr/bin/env bash
# make load: a city on one instance, under load and faults (not part of make test).
#   1. the load client's virtualenv (Locust from PyPI, bench/load/requirements.txt)
#   2. the cluster: PostgreSQL primary + streaming replica + Odoo with workers
#      (bench/load/cluster.sh; stopped at the end unless LOAD_KEEP=1)
#   3. the city's database (install + bench/load/generate_city.py), once
#   4. Locust at LOAD_USERS (10 25 50) users for LOAD_SECONDS each, with the
#      replica and without it (Odoo restarted without --db_replica_host)
#   5. the faults with the client-side ledger (bench/load/faults.py)
#   6. bench/load/report.py: bench/load/results.md and the README section
# Settings: LOAD_SCALE (1 = 10,000 agreed matters a district), LOAD_DISTRICTS (10),
# LOAD_SECONDS (30), LOAD_USERS ("10 25 50"), LOAD_WORKERS (2), LOAD_CRON_THREADS (1),
# LOAD_SKIP_LOAD=1 / LOAD_SKIP_FAULTS=1, LOAD_DB (jm_city).
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
load=$here/bench/load
cache=${CACHE:-$HOME/.cache/joint_meeting}
odoo_src=${ODOO_SRC:-$cache/odoo-18.0}
venv=${VENV:-$cache/venv}
load_venv=${LOAD_VENV:-$cache/load-venv}
export LOAD_DIR=${LOAD_DIR:-$cache/load}
export LOAD_DB=${LOAD_DB:-jm_city}
export LOAD_SCALE=${LOAD_SCALE:-1}
export LOAD_DISTRICTS=${LOAD_DISTRICTS:-10}
export LOAD_SECONDS=${LOAD_SECONDS:-30}
export LOAD_USERS=${LOAD_USERS:-10 25 50}
export LOAD_HTTP_PORT=${LOAD_HTTP_PORT:-18069}
export LOAD_PG_PORT=${LOAD_PG_PORT:-5442}
export LOAD_REPLICA_PORT=${LOAD_REPLICA_PORT:-5443}
export LOAD_WORK=$here/bench/.work/load
export PYTHONDONTWRITEBYTECODE=1
mkdir -p "$LOAD_WORK"
cluster() { bash "$load/cluster.sh" "$@"; }
say() { printf '[load] %s\n' "$*" >&2; }

# 1. Locust in its own virtualenv: it needs a newer Flask/Werkzeug/requests than
# the Debian packages Odoo 18 runs on, which the project's venv must keep.
if ! "$load_venv/bin/locust" --version >/dev/null 2>&1; then
  say "creating $load_venv with Locust (bench/load/requirements.txt)"
  python3 -m venv "$load_venv" || { say "python3 -m venv failed: apt-get install python3-venv"; exit 1; }
  "$load_venv/bin/pip" install -q -r "$load/requirements.txt" \
    || { say "pip could not install Locust from PyPI (network?)"; exit 1; }
fi

# 2. The cluster. The module is copied afresh (the figures are those of this tree).
cluster stop-odoo
cluster copy-module
cluster start-pg
[ "${LOAD_KEEP:-0}" = 1 ] || trap 'cluster stop' EXIT

# 3. The city, once (LOAD_REGENERATE=1 drops it).
exists() { psql -h 127.0.0.1 -p "$LOAD_PG_PORT" -U jm_load -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = '$LOAD_DB'" | grep -q 1; }
if [ "${LOAD_REGENERATE:-0}" = 1 ] && exists; then
  dropdb -h 127.0.0.1 -p "$LOAD_PG_PORT" -U jm_load "$LOAD_DB"
  rm -rf "$LOAD_DIR/data/filestore/$LOAD_DB"
fi
if ! exists; then
  mapfile -t args < <(cluster odoo-args)
  say "installing joint_meeting into $LOAD_DB on the primary"
  "$venv/bin/python" "$odoo_src/odoo-bin" "${args[@]}" -i joint_meeting --without-demo=all --load-language=zh_CN \
    --stop-after-init --log-level=warn --http-port=0 >"$LOAD_WORK/install.log" 2>&1
  say "generating the city: $LOAD_DISTRICTS districts at scale $LOAD_SCALE"
  odoo_addons=$odoo_src/odoo/addons
  [ -d "$odoo_src/addons/mail" ] && odoo_addons=$odoo_addons,$odoo_src/addons
  BENCH_DB=$LOAD_DB BENCH_DB_HOST=127.0.0.1 BENCH_DB_PORT=$LOAD_PG_PORT BENCH_DB_USER=jm_load \
    BENCH_ADDONS_PATH=$odoo_addons,$LOAD_DIR/addons BENCH_DATA_DIR=$LOAD_DIR/data \
    BENCH_SCALE=$LOAD_SCALE PYTHONPATH=$odoo_src "$venv/bin/python" "$load/generate_city.py" \
    2>&1 | tee "$LOAD_WORK/generate.log"
fi
cluster check-streaming

locust_run() {  # locust_run <name> <users> [seconds]
  say "Locust: $2 users for ${3:-$LOAD_SECONDS}s ($1, mix ${LOAD_MIX:-city})"
  rm -f "$LOAD_WORK/$1"_*
  # The statistics start once every user has logged in and loaded its
  # records (locustfile.ready()); the day then lasts LOAD_SECONDS; -t bounds it all.
  LOAD_RUN_NAME=$1 LOAD_USERS_NOW=$2 LOAD_SECONDS=${3:-$LOAD_SECONDS} "$load_venv/bin/locust" \
    -f "$load/locustfile.py" --headless --only-summary -H "http://127.0.0.1:$LOAD_HTTP_PORT" \
    -u "$2" -r "$2" -t "$(( ${3:-$LOAD_SECONDS} + 300 ))s" --stop-timeout 30 \
    --csv "$LOAD_WORK/$1" --exit-code-on-error 0 \
    >"$LOAD_WORK/$1.log" 2>&1 || { say "Locust failed (see $LOAD_WORK/$1.log)"; tail -20 "$LOAD_WORK/$1.log"; exit 1; }
}
odoo_with() {  # odoo_with <replica 0|1>: a fresh Odoo, warmed up (assets, sessions, caches)
  cluster stop-odoo
  LOAD_REPLICA=$1 cluster start-odoo
  # Every login of the run logs in once (sessions are kept in $LOAD_WORK).
  LOAD_LEDGER=$LOAD_WORK/ledger-load.jsonl locust_run warmup "$(echo $LOAD_USERS | tr ' ' '\n' | sort -n | tail -1)" 10
}

# 4. The load, with and without the replica; the module's mix and the
# baseline's at LOAD_MIX_USERS (25) users for the throughput ratio.
if [ "${LOAD_SKIP_LOAD:-0}" != 1 ]; then
  rm -f "$LOAD_WORK/ledger-load.jsonl"
  echo "{\"workers\": ${LOAD_WORKERS:-2}, \"cron\": ${LOAD_CRON_THREADS:-1}, \"load_before\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}" >"$LOAD_WORK/load-config.json"
  for replica in 1 0; do
    odoo_with $replica
    for users in $LOAD_USERS; do
      LOAD_LEDGER=$LOAD_WORK/ledger-load.jsonl locust_run "load_r${replica}_u${users}" "$users"
    done
  done
  odoo_with 1
  for mix in module baseline; do
    LOAD_MIX=$mix LOAD_LEDGER=$LOAD_WORK/ledger-load.jsonl locust_run "mix_${mix}_u${LOAD_MIX_USERS:-25}" "${LOAD_MIX_USERS:-25}"
  done
  "$venv/bin/python" "$load/ledger.py" "$LOAD_WORK/ledger-load.jsonl" >"$LOAD_WORK/ledger-load.json"
fi

# 4b. With and without the replica, alternated (A B A B ...) at LOAD_MIX_USERS,
# so that the machine's varying load weighs on both alike (LOAD_REPLICA_AB pairs).
if [ "${LOAD_REPLICA_AB:-0}" -gt 0 ]; then
  echo "{\"load_before\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}" >"$LOAD_WORK/ab-config.json"
  for i in $(seq 1 "$LOAD_REPLICA_AB"); do
    for replica in 1 0; do
      odoo_with $replica
      LOAD_LEDGER=$LOAD_WORK/ledger-ab.jsonl locust_run "ab_r${replica}_${i}" "${LOAD_MIX_USERS:-25}"
    done
  done
  "$venv/bin/python" "$load/ledger.py" "$LOAD_WORK/ledger-ab.jsonl" >"$LOAD_WORK/ledger-ab.json"
fi

# 5. The faults.
# Two offices issuing at once render two PDFs at once: with 2 workers that
# deadlocks (README), hence 3 workers for the faults (LOAD_FAULT_WORKERS).
if [ "${LOAD_SKIP_FAULTS:-0}" != 1 ]; then
  export LOAD_WORKERS=${LOAD_FAULT_WORKERS:-3}
  [ -n "${LOAD_FAULT_SUFFIX:-}" ] || echo "{\"workers\": $LOAD_WORKERS}" >"$LOAD_WORK/faults-config.json"
  odoo_with 1
  LOAD_VENV=$load_venv "$venv/bin/python" "$load/faults.py"
fi

# 6. The report.
"$venv/bin/python" "$load/report.py"

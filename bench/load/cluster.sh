#!/usr/bin/env bash
# The city's cluster on this machine, apart from any other PostgreSQL:
#   a PostgreSQL primary (127.0.0.1:$LOAD_PG_PORT), a streaming replica made
#   with pg_basebackup -R (127.0.0.1:$LOAD_REPLICA_PORT), and Odoo with prefork
#   workers (127.0.0.1:$LOAD_HTTP_PORT, gevent $LOAD_GEVENT_PORT) reading from the
#   replica for read-only requests, behind nginx (127.0.0.1:$LOAD_PROXY_PORT,
#   bench/load/nginx.conf: Odoo's documented deployment, Odoo in proxy_mode);
#   the clients use nginx's address only.
#
#   cluster.sh start          primary + replica (checks the replica streams) + Odoo + nginx
#   cluster.sh stop           nginx, Odoo, replica, primary (fast shutdown)
#   cluster.sh status         what runs, replication state
#   cluster.sh start-pg | stop-pg | start-odoo | stop-odoo | start-proxy | stop-proxy
#   cluster.sh restart-primary | stop-replica | start-replica   (fault injection)
#
# Settings (environment): LOAD_WORKERS=2 LOAD_CRON_THREADS=1 LOAD_REPLICA=1
# (0: Odoo without --db_replica_host), LOAD_DB=jm_city,
# ports 5442/5443/18069/18072 and 18080 (nginx).
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
cache=${CACHE:-$HOME/.cache/joint_meeting}
odoo_src=${ODOO_SRC:-$cache/odoo-${ODOO_SERIES:-19.0}}
venv=${VENV:-$cache/venv}
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
load_dir=${LOAD_DIR:-$cache/load}
pg_port=${LOAD_PG_PORT:-5442}
replica_port=${LOAD_REPLICA_PORT:-5443}
http_port=${LOAD_HTTP_PORT:-18069}
gevent_port=${LOAD_GEVENT_PORT:-18072}
proxy_port=${LOAD_PROXY_PORT:-18080}
proxy_dir=$load_dir/nginx
workers=${LOAD_WORKERS:-2}
cron_threads=${LOAD_CRON_THREADS:-1}
use_replica=${LOAD_REPLICA:-1}
db=${LOAD_DB:-jm_city}
pg_user=jm_load   # Odoo refuses to connect as "postgres"
addons_root=$load_dir/addons
odoo_addons=$odoo_src/odoo/addons
[ -d "$odoo_src/addons/mail" ] && odoo_addons=$odoo_addons,$odoo_src/addons

say() { printf '[load] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ -x "$pg_bin/pg_ctl" ] || die "PostgreSQL server binaries not found in $pg_bin: apt-get install postgresql (Debian's 15) or set PG_BIN"
[ -f "$odoo_src/odoo-bin" ] || die "no Odoo ${ODOO_SERIES:-19.0} source in $odoo_src: run make setup first"
mkdir -p "$load_dir"

# PostgreSQL refuses to run as root: as root, the clusters belong to the
# postgres user and live in its home (it cannot enter /root); a symlink in
# $load_dir points to them. Otherwise they live in $load_dir itself.
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || die "no postgres user: apt-get install postgresql"
  pg_home=$(getent passwd postgres | cut -d: -f6)
  pg_root=$pg_home/joint_meeting_load
  as_pg() { runuser -u postgres -- "$@"; }
  mkdir -p "$pg_root" && chown postgres: "$pg_root"
  ln -sfn "$pg_root" "$load_dir/pg"
else
  pg_root=$load_dir/pg
  as_pg() { "$@"; }
  mkdir -p "$pg_root"
fi
primary=$pg_root/primary
replica=$pg_root/replica

psql_() {  # psql_ <port> <db> <sql>
  psql -h 127.0.0.1 -p "$1" -U "$pg_user" -d "$2" -tAX -v ON_ERROR_STOP=1 -c "$3"
}
running() { as_pg "$pg_bin/pg_ctl" -D "$1" status >/dev/null 2>&1; }
wait_ready() {  # wait_ready <port> <seconds>
  for _ in $(seq 1 "$2"); do
    "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$1" && return 0
    sleep 1
  done
  return 1
}

init_primary() {
  say "initdb: primary in $primary (127.0.0.1:$pg_port)"
  as_pg "$pg_bin/initdb" -D "$primary" -U "$pg_user" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg tee -a "$primary/postgresql.conf" >/dev/null <<EOF
# joint_meeting load cluster (bench/load/cluster.sh)
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = ''
max_connections = 200
shared_buffers = 256MB
work_mem = 16MB
wal_level = replica
max_wal_senders = 4
wal_keep_size = 512MB
hot_standby = on
hot_standby_feedback = on
max_standby_streaming_delay = 30s
log_min_duration_statement = 1000
log_line_prefix = '%m [%p] %a '
EOF
  as_pg tee "$primary/pg_hba.conf" >/dev/null <<EOF
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
EOF
}

init_replica() {
  say "pg_basebackup -R: replica in $replica (127.0.0.1:$replica_port)"
  as_pg "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$pg_port" -U "$pg_user" -D "$replica" -R -X stream -c fast
  echo "port = $replica_port" | as_pg tee -a "$replica/postgresql.conf" >/dev/null
}

start_pg() {
  [ -f "$primary/PG_VERSION" ] || init_primary
  if ! running "$primary"; then
    as_pg "$pg_bin/pg_ctl" -D "$primary" -l "$pg_root/primary.log" -w -t 60 start >/dev/null
  fi
  wait_ready "$pg_port" 60 || die "primary does not answer on 127.0.0.1:$pg_port (see $pg_root/primary.log)"
  [ -f "$replica/PG_VERSION" ] || init_replica
  start_replica
}

start_replica() {
  if ! running "$replica"; then
    as_pg "$pg_bin/pg_ctl" -D "$replica" -l "$pg_root/replica.log" -w -t 60 start >/dev/null
  fi
  wait_ready "$replica_port" 60 || die "replica does not answer on 127.0.0.1:$replica_port"
  check_streaming
}

check_streaming() {
  local state=""
  for _ in $(seq 1 30); do
    state=$(psql_ "$pg_port" postgres "SELECT state FROM pg_stat_replication WHERE client_port IS NOT NULL LIMIT 1" || true)
    [ "$state" = streaming ] && break
    sleep 1
  done
  [ "$state" = streaming ] || die "the replica is not streaming (pg_stat_replication: '${state}')"
  [ "$(psql_ "$replica_port" postgres 'SELECT pg_is_in_recovery()')" = t ] \
    || die "127.0.0.1:$replica_port is not in recovery: not a replica"
  say "replica streaming: $(psql_ "$pg_port" postgres "SELECT application_name || ' ' || state || ', replay lag ' || coalesce(replay_lag::text, '0') FROM pg_stat_replication")"
}

stop_pg() {
  for dir in "$replica" "$primary"; do
    if running "$dir"; then as_pg "$pg_bin/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null; fi
  done
  say "PostgreSQL primary and replica stopped"
}

copy_module() {
  # The module under its real name, as make test-copy does.
  rm -rf "$addons_root/joint_meeting" && mkdir -p "$addons_root/joint_meeting"
  tar -C "$here" --exclude=./.git --exclude=./.build --exclude=./.venv --exclude=./bench \
    --exclude=__pycache__ --exclude=.pytest_cache --exclude=.ruff_cache -cf - . \
    | tar -C "$addons_root/joint_meeting" -xf -
}

odoo_args() {
  printf '%s\n' --addons-path="$odoo_addons,$addons_root" --data-dir="$load_dir/data" \
    --db_host=127.0.0.1 --db_port="$pg_port" --db_user="$pg_user" \
    -d "$db" --db-filter="^$db\$"
}

start_odoo() {
  [ -f "$load_dir/odoo.pid" ] && kill -0 "$(cat "$load_dir/odoo.pid")" 2>/dev/null \
    && { say "Odoo already runs (pid $(cat "$load_dir/odoo.pid"))"; return 0; }
  [ -d "$addons_root/joint_meeting" ] || copy_module
  if curl -s -o /dev/null -m 2 "http://127.0.0.1:$http_port/web/login"; then
    die "127.0.0.1:$http_port already answers, but not an Odoo started here (no $load_dir/odoo.pid): stop it first"
  fi
  local replica_args=()
  if [ "$use_replica" = 1 ]; then
    replica_args=(--db_replica_host=127.0.0.1 --db_replica_port="$replica_port")
  fi
  mapfile -t args < <(odoo_args)
  [ -f "$load_dir/odoo.log" ] && mv "$load_dir/odoo.log" "$load_dir/odoo.log.1"
  # Odoo's workers give a client 2 s to send its request (ODOO_HTTP_SOCKET_TIMEOUT),
  # against idle connections. Behind nginx, which sends a request only once it
  # has it whole, what can still be late is TCP itself: when 50 requests meet
  # Odoo's listen queue of 8 x workers, the kernel drops segments and resends
  # them after 0.2, 0.4, 0.8, 1.6 s..., and a worker that accepted such a
  # connection closed it after 2 s (nginx: 502, "upstream prematurely closed").
  # Odoo's documented knob, set for the proxy's sake (LOAD_SOCKET_TIMEOUT).
  ODOO_HTTP_SOCKET_TIMEOUT=${LOAD_SOCKET_TIMEOUT:-30} \
    PYTHONDONTWRITEBYTECODE=1 setsid "$venv/bin/python" "$odoo_src/odoo-bin" "${args[@]}" \
    "${replica_args[@]}" --workers="$workers" --max-cron-threads="$cron_threads" \
    --http-interface=127.0.0.1 --http-port="$http_port" --gevent-port="$gevent_port" \
    --db_maxconn=32 --log-level=info --proxy-mode \
    --logfile="$load_dir/odoo.log" --pidfile="$load_dir/odoo.pid" </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 90); do
    curl -s -o /dev/null -m 5 "http://127.0.0.1:$http_port/web/login" && break
    sleep 1
  done
  curl -s -o /dev/null -m 5 "http://127.0.0.1:$http_port/web/login" \
    || die "Odoo does not answer on 127.0.0.1:$http_port (see $load_dir/odoo.log)"
  say "Odoo on http://127.0.0.1:$http_port: $workers HTTP workers, $cron_threads cron, replica $([ "$use_replica" = 1 ] && echo "127.0.0.1:$replica_port" || echo none)"
}

stop_odoo() {
  # Odoo runs in a session of its own (setsid): its process group holds the
  # master, the workers, the gevent process and any wkhtmltopdf child.
  local pid
  if [ -f "$load_dir/odoo.pid" ] && pid=$(cat "$load_dir/odoo.pid") && kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
    for _ in $(seq 1 20); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    say "Odoo stopped"
  fi
  rm -f "$load_dir/odoo.pid"
  for _ in $(seq 1 10); do  # the port is free again
    curl -s -o /dev/null -m 2 "http://127.0.0.1:$http_port/web/login" || break
    sleep 1
  done
}

# nginx in front of Odoo (bench/load/nginx.conf), a master of its own with its
# pid, logs and configuration in $proxy_dir; never the system's nginx service.
nginx_bin() {
  command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; }
}

ensure_nginx() {
  [ -n "$(nginx_bin)" ] && return 0
  local sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  say "installing Debian's nginx (the reverse proxy of Odoo's deployment guide)"
  # policy-rc.d, where present, keeps the system's nginx service from starting.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null 2>&1 \
    || { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 \
      && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null 2>&1; } \
    || die "nginx is missing and could not be installed: apt-get install nginx (Debian's package), then make load again"
  [ -n "$(nginx_bin)" ] || die "nginx installed but not found on PATH or in /usr/sbin"
}

proxy_running() {
  [ -f "$proxy_dir/nginx.pid" ] && kill -0 "$(cat "$proxy_dir/nginx.pid")" 2>/dev/null
}

start_proxy() {
  ensure_nginx
  if proxy_running; then say "nginx already runs (pid $(cat "$proxy_dir/nginx.pid"))"; return 0; fi
  if curl -s -o /dev/null -m 2 "http://127.0.0.1:$proxy_port/"; then
    die "127.0.0.1:$proxy_port already answers, but not an nginx started here (no $proxy_dir/nginx.pid): stop it first"
  fi
  mkdir -p "$proxy_dir/tmp"
  local user_line=""
  [ "$(id -u)" = 0 ] && user_line="user www-data;"
  sed -e "s|@DIR@|$proxy_dir|g" -e "s|@USER@|$user_line|" -e "s|@HTTP_PORT@|$http_port|g" \
    -e "s|@GEVENT_PORT@|$gevent_port|g" -e "s|@PROXY_PORT@|$proxy_port|g" \
    "$here/bench/load/nginx.conf" >"$proxy_dir/nginx.conf"
  "$(nginx_bin)" -t -q -c "$proxy_dir/nginx.conf" -e "$proxy_dir/error.log" \
    || die "nginx refuses $proxy_dir/nginx.conf (see $proxy_dir/error.log)"
  "$(nginx_bin)" -c "$proxy_dir/nginx.conf" -e "$proxy_dir/error.log" \
    || die "nginx did not start (see $proxy_dir/error.log)"
  for _ in $(seq 1 20); do proxy_running && break; sleep 0.5; done
  proxy_running || die "nginx did not start (see $proxy_dir/error.log)"
  say "nginx on http://127.0.0.1:$proxy_port -> Odoo 127.0.0.1:$http_port (websocket $gevent_port), pid $(cat "$proxy_dir/nginx.pid")"
}

stop_proxy() {
  if proxy_running; then
    local pid
    pid=$(cat "$proxy_dir/nginx.pid")
    kill -QUIT "$pid"  # graceful: requests in flight are finished
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -TERM "$pid"
    say "nginx stopped"
  fi
  rm -f "$proxy_dir/nginx.pid"
}

case ${1:-status} in
  start) start_pg; start_odoo; start_proxy ;;
  stop) stop_proxy; stop_odoo; stop_pg ;;
  start-proxy) start_proxy ;;
  stop-proxy) stop_proxy ;;
  start-pg) start_pg ;;
  stop-pg) stop_pg ;;
  start-odoo) start_odoo ;;
  stop-odoo) stop_odoo ;;
  copy-module) copy_module ;;
  odoo-args) odoo_args ;;
  restart-primary)
    as_pg "$pg_bin/pg_ctl" -D "$primary" -m fast -w -t 60 restart -l "$pg_root/primary.log" >/dev/null
    say "primary restarted" ;;
  stop-replica)
    as_pg "$pg_bin/pg_ctl" -D "$replica" -m fast -w -t 60 stop >/dev/null
    say "replica stopped" ;;
  start-replica) start_replica ;;
  check-streaming) check_streaming ;;
  status)
    running "$primary" && say "primary: running on 127.0.0.1:$pg_port" || say "primary: stopped"
    running "$replica" && say "replica: running on 127.0.0.1:$replica_port" || say "replica: stopped"
    running "$primary" && psql_ "$pg_port" postgres "SELECT 'replication: ' || application_name || ' ' || state FROM pg_stat_replication" || true
    if [ -f "$load_dir/odoo.pid" ] && kill -0 "$(cat "$load_dir/odoo.pid")" 2>/dev/null; then
      say "Odoo: running (pid $(cat "$load_dir/odoo.pid")) on 127.0.0.1:$http_port"
    else say "Odoo: stopped"; fi
    if proxy_running; then
      say "nginx: running (pid $(cat "$proxy_dir/nginx.pid")) on 127.0.0.1:$proxy_port"
    else say "nginx: stopped"; fi ;;
  *) die "usage: cluster.sh start|stop|status|start-pg|stop-pg|start-odoo|stop-odoo|start-proxy|stop-proxy|restart-primary|stop-replica|start-replica" ;;
esac

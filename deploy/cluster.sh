#!/usr/bin/env bash
# A cluster of silo processes on this machine, sharing one PostgreSQL database (every silo serves the whole API;
# the runtime carries each grain call to the silo that owns the grain). Usage:
#
#   deploy/cluster.sh start      PostgreSQL, database, build, model (first run only); silos 1-3 on HTTP 8081-8083,
#                                silo ports 11111-11113; returns once each answers /readyz
#   deploy/cluster.sh add        one more silo on the next ports
#   deploy/cluster.sh stop N     graceful stop of silo N (SIGTERM: it hands its grains over and leaves)
#   deploy/cluster.sh kill N     SIGKILL of silo N (its peers declare it dead within a few seconds)
#   deploy/cluster.sh status     the membership table and each silo's process and readiness
#   deploy/cluster.sh down       graceful stop of every silo
#
# Pid and log files: artifacts/cluster/silo-N.{pid,log}. Models: artifacts/ as ./run.sh leaves it (a silo imports
# the local catalog's models into the shared database, so a model trained with fraudctl train reaches every silo).
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/lib/prerequisites.sh
source deploy/lib/postgres.sh

CLUSTER_DIR=artifacts/cluster
HTTP_BASE=8080          # silo N serves HTTP on HTTP_BASE + N
SILO_BASE=11110         # and talks to its peers on SILO_BASE + N
DATABASE=fraudactors
SILO_DLL=src/Silo/bin/Release/net10.0/FraudActors.Silo.dll
READY_TIMEOUT=${READY_TIMEOUT:-120}

fraudctl() { dotnet src/Cli/bin/Release/net10.0/fraudctl.dll "$@"; }

pid_file() { echo "$CLUSTER_DIR/silo-$1.pid"; }
log_file() { echo "$CLUSTER_DIR/silo-$1.log"; }
http_port() { echo $((HTTP_BASE + $1)); }

# running N: whether silo N's process is alive.
running() {
  local file
  file=$(pid_file "$1")
  [ -f "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null
}

# silo_numbers: the numbers of the silos with a pid file, ascending.
silo_numbers() {
  local file
  for file in "$CLUSTER_DIR"/silo-*.pid; do
    [ -e "$file" ] || continue
    file=${file##*/silo-}
    echo "${file%.pid}"
  done | sort -n
}

# ensure_database: the fraudactors role (password generated once, owner-only) and its database.
ensure_database() {
  ensure_postgres
  local password
  password=$(postgres_secret "${XDG_CONFIG_HOME:-${HOME:-/root}/.config}/fraudactors/cluster-postgres.password")
  ensure_postgres_role fraudactors "$password" NOSUPERUSER NOCREATEDB NOCREATEROLE
  if [ -z "$(as_postgres psql -X -tA -p "$(postgres_port)" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" ]; then
    echo "==> creating database $DATABASE"
    as_postgres createdb -p "$(postgres_port)" -O fraudactors "$DATABASE"
  fi
  # Loopback only, so no TLS handshake on every new pooled connection.
  CONNECTION_STRING="Host=127.0.0.1;Port=$(postgres_port);Database=$DATABASE;Username=fraudactors;Password=$password;SSL Mode=Disable"
}

# ensure_model: a champion in the local catalog (the first silo imports it into the database), and demo keys.
ensure_model() {
  if [ ! -f artifacts/models/CHAMPION ]; then
    if [ ! -f artifacts/data/transactions.csv ]; then
      echo "==> simulating the handbook's data set"
      fraudctl simulate --rng numpy --out artifacts/data/transactions.csv
    fi
    echo "==> training a model"
    fraudctl train --data artifacts/data/transactions.csv --store artifacts
  fi
  if [ ! -f artifacts/node/demo-keys.env ]; then
    mkdir -p artifacts/node
    (
      umask 077
      {
        echo "SCORER_KEY=$(fraudctl keys create --name demo-scorer --role scorer)"
        echo "ANALYST_KEY=$(fraudctl keys create --name demo-analyst --role analyst)"
        echo "ADMIN_KEY=$(fraudctl keys create --name demo-admin --role admin)"
      } > artifacts/node/demo-keys.env
    )
  fi
}

# start_silo N: starts silo N in the background and waits until it is ready.
start_silo() {
  local n=$1
  if running "$n"; then
    echo "silo $n already runs (pid $(cat "$(pid_file "$n")"))"
    return 0
  fi
  mkdir -p "$CLUSTER_DIR"
  local port
  port=$(http_port "$n")
  echo "==> starting silo $n: http://127.0.0.1:$port, silo port $((SILO_BASE + n)), log $(log_file "$n")"
  # setsid: its own process group, so a Ctrl-C in this terminal does not reach it.
  Cluster__PostgresConnectionString="$CONNECTION_STRING" setsid dotnet "$SILO_DLL" \
    --Urls "http://127.0.0.1:$port" --Cluster:SiloPort "$((SILO_BASE + n))" \
    >>"$(log_file "$n")" 2>&1 </dev/null &
  echo $! >"$(pid_file "$n")"
  wait_ready "$n"
}

# wait_ready N: returns once silo N answers /readyz with 200; fails if it exits or takes READY_TIMEOUT seconds.
wait_ready() {
  local n=$1 port deadline
  port=$(http_port "$n")
  deadline=$((SECONDS + READY_TIMEOUT))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; do
    if ! running "$n"; then
      echo "silo $n exited; the end of its log:" >&2
      tail -n 30 "$(log_file "$n")" >&2
      rm -f "$(pid_file "$n")"
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "silo $n is not ready after ${READY_TIMEOUT}s; see $(log_file "$n")" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "    silo $n ready"
}

# stop_silo N signal: signals silo N and waits for its process to end.
stop_silo() {
  local n=$1 signal=$2 file pid
  file=$(pid_file "$n")
  if ! running "$n"; then
    echo "silo $n is not running"
    rm -f "$file"
    return 0
  fi
  pid=$(cat "$file")
  kill "-$signal" "$pid"
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "silo $n (pid $pid) still runs 60s after SIG$signal" >&2
      return 1
    fi
    sleep 0.1
  done
  rm -f "$file"
  echo "silo $n stopped (SIG$signal)"
}

status() {
  echo "==> membership (cluster fraudactors; newest first)"
  as_postgres psql -X -p "$(postgres_port)" -d "$DATABASE" -c \
    "SELECT address, CASE status WHEN 1 THEN 'joining' WHEN 2 THEN 'active' WHEN 3 THEN 'shutting down' WHEN 4 THEN 'dead' END AS status, started_at::timestamp(0) AS started, round(extract(epoch FROM clock_timestamp() - heartbeat_at)::numeric, 1) AS silent_s, declared_dead_by
       FROM cluster_members WHERE cluster_id = 'fraudactors' ORDER BY started_at DESC" 2>/dev/null \
    || echo "(no membership table yet)"
  echo "==> silo processes"
  local n code
  for n in $(silo_numbers); do
    if running "$n"; then
      code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(http_port "$n")/readyz" || true)
      echo "silo $n: pid $(cat "$(pid_file "$n")"), http $(http_port "$n"), silo port $((SILO_BASE + n)), /readyz $code"
    else
      echo "silo $n: not running (stale pid file)"
    fi
  done
}

command=${1:-}
case "$command" in
  start)
    ensure_packages "${RUNTIME_PACKAGES[@]}"
    ensure_database
    echo "==> building"
    dotnet build FraudActors.sln -c Release --nologo -v quiet -clp:ErrorsOnly
    ensure_model
    # One after another: the first imports the model and hosts the registry before the others ask for it.
    for n in 1 2 3; do start_silo "$n"; done
    echo "==> every silo serves the API: http://127.0.0.1:8081 .. 8083 (keys: artifacts/node/demo-keys.env)"
    ;;
  add)
    ensure_database
    last=$(silo_numbers | tail -n 1)
    start_silo $(( ${last:-0} + 1 ))
    ;;
  stop | kill)
    [ -n "${2:-}" ] || { echo "usage: $0 $command N" >&2; exit 2; }
    if [ "$command" = stop ]; then stop_silo "$2" TERM; else stop_silo "$2" KILL; fi
    ;;
  status) status ;;
  down)
    for n in $(silo_numbers); do stop_silo "$n" TERM; done
    ;;
  *)
    echo "usage: $0 start | add | stop N | kill N | status | down" >&2
    exit 2
    ;;
esac

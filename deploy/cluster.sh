#!/usr/bin/env bash
# A cluster on this machine: silo processes sharing one PostgreSQL database, and gateway processes in front of them
# (the entry point: each reads the membership table and sends every grain call straight to the owning silo). Every
# silo serves the whole API too. Usage:
#
#   deploy/cluster.sh start           PostgreSQL, database, build, model (first run only); silos 1-3 on HTTP
#                                     8081-8083, silo ports 11111-11113; gateway 1 on HTTP 8090; returns once each
#                                     answers /readyz
#   deploy/cluster.sh add             one more silo on the next ports
#   deploy/cluster.sh stop N          graceful stop of silo N (SIGTERM: it hands its grains over and leaves)
#   deploy/cluster.sh kill N          SIGKILL of silo N (its peers declare it dead within a few seconds)
#   deploy/cluster.sh add-gateway     one more gateway on the next HTTP port (8091, ...)
#   deploy/cluster.sh stop-gateway N  stop gateway N (stateless: nothing to hand over)
#   deploy/cluster.sh status          the membership table, and each silo's and gateway's process and readiness
#   deploy/cluster.sh down            stop every gateway, then every silo
#
# Pid and log files: artifacts/cluster/{silo,gateway}-N.{pid,log}. Models: artifacts/ as ./run.sh leaves it (a silo
# imports the local catalog's models into the shared database, so a model trained with fraudctl train reaches every
# silo). Ports: ./run.sh's embedded node uses 8080, so the gateways start at 8090 (silos past the 9th would reach it).
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/lib/prerequisites.sh
source deploy/lib/postgres.sh

CLUSTER_DIR=artifacts/cluster
HTTP_BASE=8080          # silo N serves HTTP on HTTP_BASE + N
SILO_BASE=11110         # and talks to its peers on SILO_BASE + N
GATEWAY_BASE=8089       # gateway N serves HTTP on GATEWAY_BASE + N
DATABASE=fraudactors
SILO_DLL=src/Silo/bin/Release/net10.0/FraudActors.Silo.dll
GATEWAY_DLL=src/GatewayHost/bin/Release/net10.0/FraudActors.GatewayHost.dll
READY_TIMEOUT=${READY_TIMEOUT:-120}

fraudctl() { dotnet src/Cli/bin/Release/net10.0/fraudctl.dll "$@"; }

# A process is named kind-N (silo-2, gateway-1).
pid_file() { echo "$CLUSTER_DIR/$1.pid"; }
log_file() { echo "$CLUSTER_DIR/$1.log"; }
http_port() { echo $((HTTP_BASE + $1)); }
gateway_port() { echo $((GATEWAY_BASE + $1)); }

# running NAME: whether the process NAME is alive.
running() {
  local file
  file=$(pid_file "$1")
  [ -f "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null
}

# numbers KIND: the numbers of the processes of KIND (silo, gateway) with a pid file, ascending.
numbers() {
  local file
  for file in "$CLUSTER_DIR/$1"-*.pid; do
    [ -e "$file" ] || continue
    file=${file##*/$1-}
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

# launch NAME PORT DLL [ARGS...]: starts NAME (dotnet DLL, HTTP on PORT) in the background; waits until it is ready.
launch() {
  local name=$1 port=$2 dll=$3
  shift 3
  if running "$name"; then
    echo "$name already runs (pid $(cat "$(pid_file "$name")"))"
    return 0
  fi
  mkdir -p "$CLUSTER_DIR"
  # setsid: its own process group, so a Ctrl-C in this terminal does not reach it. Every process runs in the
  # repository, so silos and gateways read the same API key file (artifacts/node/api-keys.json).
  Cluster__PostgresConnectionString="$CONNECTION_STRING" setsid dotnet "$dll" --Urls "http://127.0.0.1:$port" "$@" \
    >>"$(log_file "$name")" 2>&1 </dev/null &
  echo $! >"$(pid_file "$name")"
  wait_ready "$name" "$port"
}

# start_silo N: silo N, HTTP on HTTP_BASE + N, silo port SILO_BASE + N.
start_silo() {
  local n=$1
  echo "==> silo $n: http://127.0.0.1:$(http_port "$n"), silo port $((SILO_BASE + n)), log $(log_file "silo-$n")"
  launch "silo-$n" "$(http_port "$n")" "$SILO_DLL" --Cluster:SiloPort "$((SILO_BASE + n))"
}

# start_gateway N: gateway N, HTTP on GATEWAY_BASE + N; ready once it sees an active silo.
start_gateway() {
  local n=$1
  echo "==> gateway $n: http://127.0.0.1:$(gateway_port "$n"), log $(log_file "gateway-$n")"
  launch "gateway-$n" "$(gateway_port "$n")" "$GATEWAY_DLL"
}

# wait_ready NAME PORT: returns once NAME answers /readyz on PORT with 200; fails if it exits or takes READY_TIMEOUT s.
wait_ready() {
  local name=$1 port=$2 deadline
  deadline=$((SECONDS + READY_TIMEOUT))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; do
    if ! running "$name"; then
      echo "$name exited; the end of its log:" >&2
      tail -n 30 "$(log_file "$name")" >&2
      rm -f "$(pid_file "$name")"
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$name is not ready after ${READY_TIMEOUT}s; see $(log_file "$name")" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "    $name ready"
}

# stop_process NAME signal: signals NAME and waits for its process to end.
stop_process() {
  local name=$1 signal=$2 file pid
  file=$(pid_file "$name")
  if ! running "$name"; then
    echo "$name is not running"
    rm -f "$file"
    return 0
  fi
  pid=$(cat "$file")
  kill "-$signal" "$pid"
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$name (pid $pid) still runs 60s after SIG$signal" >&2
      return 1
    fi
    sleep 0.1
  done
  rm -f "$file"
  echo "$name stopped (SIG$signal)"
}

status() {
  # Every live row, and the dead ones of the last hour (dead rows are kept a day for diagnosis; after many restarts
  # they would bury the live ones).
  echo "==> membership (cluster fraudactors; live, and dead within the last hour; newest first)"
  as_postgres psql -X -p "$(postgres_port)" -d "$DATABASE" -c \
    "SELECT address, CASE status WHEN 1 THEN 'joining' WHEN 2 THEN 'active' WHEN 3 THEN 'shutting down' WHEN 4 THEN 'dead' END AS status, started_at::timestamp(0) AS started, round(extract(epoch FROM clock_timestamp() - heartbeat_at)::numeric, 1) AS silent_s, declared_dead_by
       FROM cluster_members WHERE cluster_id = 'fraudactors' AND (status <> 4 OR status_changed_at > clock_timestamp() - interval '1 hour')
       ORDER BY started_at DESC" 2>/dev/null \
    || echo "(no membership table yet)"
  echo "==> silo processes"
  local n
  for n in $(numbers silo); do show "silo-$n" "$(http_port "$n")" ", silo port $((SILO_BASE + n))"; done
  echo "==> gateway processes"
  for n in $(numbers gateway); do show "gateway-$n" "$(gateway_port "$n")" ""; done
}

# show NAME PORT DETAIL: one status line of a process: pid, HTTP port, DETAIL, and its /readyz answer.
show() {
  local name=$1 port=$2 detail=$3 code
  if running "$name"; then
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz" || true)
    echo "$name: pid $(cat "$(pid_file "$name")"), http $port$detail, /readyz $code"
  else
    echo "$name: not running (stale pid file)"
  fi
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
    start_gateway 1
    echo "==> the entry point is the gateway: http://127.0.0.1:$(gateway_port 1) (every silo serves the API too:"
    echo "    http://127.0.0.1:8081 .. 8083; keys: artifacts/node/demo-keys.env)"
    ;;
  add)
    ensure_database
    last=$(numbers silo | tail -n 1)
    start_silo $(( ${last:-0} + 1 ))
    ;;
  stop | kill)
    [ -n "${2:-}" ] || { echo "usage: $0 $command N" >&2; exit 2; }
    if [ "$command" = stop ]; then stop_process "silo-$2" TERM; else stop_process "silo-$2" KILL; fi
    ;;
  add-gateway)
    ensure_database
    last=$(numbers gateway | tail -n 1)
    start_gateway $(( ${last:-0} + 1 ))
    ;;
  stop-gateway)
    [ -n "${2:-}" ] || { echo "usage: $0 stop-gateway N" >&2; exit 2; }
    stop_process "gateway-$2" TERM
    ;;
  status) status ;;
  down)
    # Gateways first: they stop sending calls before the silos hand over and leave.
    for n in $(numbers gateway); do stop_process "gateway-$n" TERM; done
    for n in $(numbers silo); do stop_process "silo-$n" TERM; done
    ;;
  *)
    echo "usage: $0 start | add | stop N | kill N | add-gateway | stop-gateway N | status | down" >&2
    exit 2
    ;;
esac

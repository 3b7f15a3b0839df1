#!/usr/bin/env bash
# README command 2: install what the tests need, start the servers they use on loopback, run every test.
set -euo pipefail
cd "$(dirname "$0")"
source deploy/lib/prerequisites.sh
source deploy/lib/postgres.sh
ensure_packages "${RUNTIME_PACKAGES[@]}"

# Storage tests run against a real PostgreSQL: this script starts it on loopback and hands the tests a role that
# may create databases (each test fixture creates its own and drops it). An exported connection string points
# the tests at another server instead.
if [ -z "${FRAUDACTORS_TEST_POSTGRES:-}" ]; then
  ensure_postgres
  password=$(postgres_secret "${XDG_CONFIG_HOME:-${HOME:-/root}/.config}/fraudactors/test-postgres.password")
  ensure_postgres_role fraudactors_test "$password" CREATEDB NOSUPERUSER NOCREATEROLE
  # Loopback only, so no TLS handshake on every new pooled connection.
  export FRAUDACTORS_TEST_POSTGRES="Host=127.0.0.1;Port=$(postgres_port);Username=fraudactors_test;Password=$password;Database=postgres;SSL Mode=Disable"
fi

# The alert rules are code too: promtool (Debian's prometheus package) checks their syntax and runs their unit tests.
echo "==> checking the Prometheus config and alert rules"
ensure_packages prometheus
promtool check config deploy/prometheus/prometheus.yml >/dev/null
promtool test rules deploy/prometheus/rules_test.yml

echo "==> building"
dotnet build FraudActors.sln -c Release --nologo -v quiet -clp:ErrorsOnly

echo "==> running every test"
dotnet test FraudActors.sln -c Release --no-build --nologo -v minimal

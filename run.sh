#!/usr/bin/env bash
# README command 1: install what is missing, build, and run FraudActors on embedded defaults:
# simulate the handbook's data set and train a model (first run only), then serve the API on localhost:8080.
set -euo pipefail
cd "$(dirname "$0")"
source deploy/lib/prerequisites.sh
ensure_packages "${RUNTIME_PACKAGES[@]}"

echo "==> building"
dotnet build FraudActors.sln -c Release --nologo -v quiet -clp:ErrorsOnly

fraudctl() { dotnet src/Cli/bin/Release/net10.0/fraudctl.dll "$@"; }

if [ ! -f artifacts/data/transactions.csv ]; then
  echo "==> simulating the handbook's own data set, draw for draw (5,000 customers, 10,000 terminals, 183 days)"
  fraudctl simulate --rng numpy --out artifacts/data/transactions.csv
fi

if [ ! -f artifacts/models/CHAMPION ]; then
  echo "==> training XGBoost on the handbook protocol (train 2018-07-25..31)"
  fraudctl train --data artifacts/data/transactions.csv --store artifacts
  echo "==> evaluating on the test week (2018-08-08..14), beside the book's scores"
  fraudctl evaluate --data artifacts/data/transactions.csv --store artifacts
fi

now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
cat <<EXAMPLE
==> serving on http://localhost:8080 (Ctrl-C stops cleanly). Try:

  curl -s -X POST http://localhost:8080/v1/transactions/score -H 'Content-Type: application/json' \\
    -d '{"transactionId":"demo-$(date +%s)","customerId":"c-42","terminalId":"t-7","amount":57.16,"timestamp":"$now"}'

  OpenAPI: http://localhost:8080/openapi/v1.json    readiness: http://localhost:8080/readyz

EXAMPLE
exec dotnet src/Silo/bin/Release/net10.0/FraudActors.Silo.dll

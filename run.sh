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

# Demo keys, one per role, on the first run. The node stores only their hashes (artifacts/node/api-keys.json);
# the keys themselves are kept for this demo in an owner-only file. In production, mint keys with
# fraudctl keys create and hand them out; never keep them next to the node.
if [ ! -f artifacts/node/demo-keys.env ]; then
  mkdir -p artifacts/node
  umask 077
  {
    echo "SCORER_KEY=$(fraudctl keys create --name demo-scorer --role scorer)"
    echo "ANALYST_KEY=$(fraudctl keys create --name demo-analyst --role analyst)"
    echo "ADMIN_KEY=$(fraudctl keys create --name demo-admin --role admin)"
  } > artifacts/node/demo-keys.env
fi
source artifacts/node/demo-keys.env

now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
cat <<EXAMPLE
==> serving on http://localhost:8080 (Ctrl-C stops cleanly). Try:

  curl -s -X POST http://localhost:8080/v1/transactions/score -H "Authorization: Bearer $SCORER_KEY" \\
    -H 'Content-Type: application/json' \\
    -d '{"transactionId":"demo-$(date +%s)","customerId":"c-42","terminalId":"t-7","amount":57.16,"timestamp":"$now"}'

  Keys for the scorer, analyst and admin roles: artifacts/node/demo-keys.env

  OpenAPI: http://localhost:8080/openapi/v1.json    readiness: http://localhost:8080/readyz

EXAMPLE
exec dotnet src/Silo/bin/Release/net10.0/FraudActors.Silo.dll

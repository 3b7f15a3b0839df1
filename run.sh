#!/usr/bin/env bash
# README command 1: install what is missing, build, and run FraudActors on embedded defaults.
set -euo pipefail
cd "$(dirname "$0")"
source deploy/lib/prerequisites.sh
ensure_packages "${RUNTIME_PACKAGES[@]}"

echo "==> building"
dotnet build FraudActors.sln -c Release --nologo -v quiet -clp:ErrorsOnly

fraudctl() { dotnet src/Cli/bin/Release/net10.0/fraudctl.dll "$@"; }

if [ ! -f artifacts/data/transactions.csv ]; then
  echo "==> simulating the handbook's data set (5,000 customers, 10,000 terminals, 183 days)"
  fraudctl simulate --out artifacts/data/transactions.csv
fi

echo "==> training XGBoost on the handbook protocol (train 2018-07-25..31)"
fraudctl train --data artifacts/data/transactions.csv --store artifacts

echo "==> evaluating on the test week (2018-08-08..14), beside the book's scores"
fraudctl evaluate --data artifacts/data/transactions.csv --store artifacts

#!/usr/bin/env bash
# README command 2: install what the tests need, start the servers they use on loopback, run every test.
set -euo pipefail
cd "$(dirname "$0")"
source deploy/lib/prerequisites.sh
ensure_packages "${RUNTIME_PACKAGES[@]}"

echo "==> building"
dotnet build FraudActors.sln -c Release --nologo -v quiet -clp:ErrorsOnly

echo "==> running every test"
dotnet test FraudActors.sln -c Release --no-build --nologo -v quiet

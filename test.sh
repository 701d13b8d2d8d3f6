#!/usr/bin/env bash
# Runs the format check and every test project. Starts its own in-memory Azurite on a free port (nothing
# else needs to be running) and stops it at the end. Test results (TRX) land in TestResults/.
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
root="$(repo_root)"; cd "$root"

ensure_node_tools
start_memory_azurite
export TEST_TABLES_CONNECTION="$AZURITE_TABLES"

dotnet build Serverless.sln -nologo -v quiet
echo "Checking formatting (dotnet format --verify-no-changes)..."
dotnet format Serverless.sln --verify-no-changes --no-restore
rm -rf TestResults
dotnet test Serverless.sln --no-build -nologo --results-directory TestResults --logger "trx" --logger "console;verbosity=minimal"

#!/usr/bin/env bash
# Runs the format check, every test project, then the web app's checks and browser tests (scripts/web-tests.sh:
# API types regenerated from the served document, type check and build, Playwright on Debian's Chromium).
# Starts its own in-memory Azurite on a free port (nothing else needs to be running) and stops it at the end.
# Test results land in TestResults/: TRX for .NET, playwright-junit.xml for the browser tests.
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
status=0
dotnet test Serverless.sln --no-build -nologo --results-directory TestResults --logger "trx" --logger "console;verbosity=minimal" || status=$?
scripts/web-tests.sh || status=$?
exit $status

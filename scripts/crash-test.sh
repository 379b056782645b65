#!/usr/bin/env bash
# Crash test (issue 6): runs the bot as a real process against the loopback Telegram fake, kills it with SIGKILL at a
# random moment while updates flow, RUNS times on one SQLite file, then lets a last process drain and checks that every
# update had exactly one effect and one delivered reply. Exit code 0 = no loss, no duplicate effect, no rule violation.
#   RUNS=200 SEED=1 scripts/crash-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/Exactly.Bot.FakePlatforms -c Release --nologo -v q -clp:ErrorsOnly
exec dotnet tests/Exactly.Bot.FakePlatforms/bin/Release/net10.0/Exactly.Bot.FakePlatforms.dll crash \
  --runs "${RUNS:-200}" --seed "${SEED:-1}" \
  --bot tests/Exactly.Bot.FakePlatforms/bin/Release/net10.0/Exactly.Bot.dll

#!/usr/bin/env bash
# Burst harness (issue 6): MESSAGES outbound Telegram messages across CHATS chats (notices queued first, then one reply per
# chat) through the bot's outbox into the loopback fake at Telegram's real limits (30/s global, 1/s per chat, 20/min per
# group). Exit code 0 = all delivered, no 429, every reply before every notice, throughput >= 90% of the global limit.
#   MESSAGES=10000 CHATS=2000 scripts/burst.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/Exactly.Bot.FakePlatforms -c Release --nologo -v q -clp:ErrorsOnly
exec dotnet tests/Exactly.Bot.FakePlatforms/bin/Release/net10.0/Exactly.Bot.FakePlatforms.dll burst \
  --messages "${MESSAGES:-10000}" --chats "${CHATS:-2000}"

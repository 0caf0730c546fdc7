#!/usr/bin/env bash
# CI step: the built backend starts from a production install, with no TypeScript runner.
# Builds dist/ in this checkout, makes a fresh clone with `npm ci --omit=dev`, copies dist/ into it, and starts
# `node dist/server/main.js` from / (not the install folder) on a freshly loaded sample Vtiger database; passes when
# /api/health answers 200, the log lines are JSON, and `xtiger status` runs. Needs MariaDB on 127.0.0.1:3306.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
dump="$repo/../shared/vtiger/vtiger-8.2.0-sample.sql.gz"
work=$(mktemp -d)
db="xt_prodcheck_$$"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $db" || true
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$repo" && npm run -s build)
git clone -q "$repo" "$work/xtiger"
cp -r "$repo/dist" "$work/xtiger/dist"
(cd "$work/xtiger" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
if [ -e "$work/xtiger/node_modules/.bin/tsx" ] || [ -e "$work/xtiger/node_modules/typescript" ]; then
  echo "production install: dev tools were installed" >&2; exit 1
fi

mariadb -uroot -h127.0.0.1 -e "CREATE DATABASE $db DEFAULT CHARACTER SET utf8 COLLATE utf8_general_ci"
zcat "$dump" | mariadb -uroot -h127.0.0.1 "$db"

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
export VTIGER_DB_NAME=$db XTIGER_PORT=$port XTIGER_ENCRYPTION_KEY=$(head -c32 /dev/urandom | base64) VTIGER_EDIT_POLL_SECONDS=0
(cd / && exec node "$work/xtiger/dist/server/main.js") > "$work/out.log" 2> "$work/err.log" &
pid=$!
for _ in $(seq 1 60); do
  if node -e "fetch('http://127.0.0.1:$port/api/health').then(async r=>{if(!r.ok)process.exit(1);process.stdout.write(await r.text())}).catch(()=>process.exit(1))" > "$work/health.json" 2>/dev/null; then break; fi
  kill -0 "$pid" 2>/dev/null || { echo "backend exited:" >&2; cat "$work/err.log" "$work/out.log" >&2; exit 1; }
  sleep 0.5
done
[ -s "$work/health.json" ] || { echo "no health answer" >&2; cat "$work/err.log" "$work/out.log" >&2; exit 1; }
# Every log line is JSON.
node -e "for (const l of require('fs').readFileSync('$work/out.log','utf8').split('\n').filter(Boolean)) JSON.parse(l)"
(cd / && node "$work/xtiger/dist/scripts/xtiger.js" status) > "$work/status.txt" 2>&1 || true
grep -qi "xero" "$work/status.txt" || { echo "xtiger status printed nothing useful:" >&2; cat "$work/status.txt" >&2; exit 1; }
echo "production install: built backend answered /api/health from npm ci --omit=dev ($(wc -l < "$work/out.log") JSON log lines)"

#!/usr/bin/env bash
# Measures the built server on this machine and prints the figures:
#   1. time from process start to /readyz = 200, on an existing SQLite database
#   2. resident memory idle, and after 10,000 requests to the sign-in page
#   3. requests per second for the home page, the server pinned to one core
# Uses ApacheBench (Debian's apache2-utils), installed if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v ab >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apache2-utils; }
make -s build

work=$(mktemp -d)
port=${BENCH_PORT:-18931}
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

if curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; then
  echo "port $port is already in use; set BENCH_PORT" >&2; exit 1
fi
export MAJLIS_DATABASE_URL="sqlite://$work/bench.db" MAJLIS_ADDR="127.0.0.1:$port" MAJLIS_LOG_LEVEL=warn
./bin/majlis seed --demo >/dev/null 2>&1

rss_mb() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
start_server() {
  local t0 t1
  t0=$(date +%s%N)
  taskset -c 0 env GOMAXPROCS=1 ./bin/majlis serve >"$work/log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/readyz"; do
    kill -0 "$pid" 2>/dev/null || { echo "server exited:" >&2; cat "$work/log" >&2; exit 1; }
    sleep 0.002
  done
  t1=$(date +%s%N)
  elapsed_ms=$(( (t1 - t0) / 1000000 ))
}
stop_server() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

# Warm the page cache with one start, then measure five.
start_server; stop_server
times=()
for _ in 1 2 3 4 5; do start_server; times+=("$elapsed_ms"); stop_server; done
sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
echo "start to /readyz=200 (existing SQLite, ms, 5 runs sorted): $sorted"

start_server
sleep 1
echo "resident memory idle: $(rss_mb "$pid") MB"
taskset -c 1 ab -q -k -n 10000 -c 8 "http://127.0.0.1:$port/sign-in" | grep -E 'Requests per second|Failed requests'
echo "resident memory after 10,000 sign-in page requests: $(rss_mb "$pid") MB"
echo "home page, server on one core (GOMAXPROCS=1, taskset), 20,000 requests, 16 connections:"
taskset -c 1 ab -q -k -n 20000 -c 16 "http://127.0.0.1:$port/" | grep -E 'Requests per second|Time per request.*mean\)|Failed requests|99%'
echo "resident memory after that: $(rss_mb "$pid") MB"

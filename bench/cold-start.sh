#!/usr/bin/env bash
# Start of the whole CODE platform on a fresh state folder each run, build excluded: from launching the AppHost
# until the orchestrator logs "CODE platform healthy" (or "running", when components it can do without failed).
# Each run prints the orchestrator's breakdown of where the time went; the last run its table per component.
#   bench/cold-start.sh [runs] [mode] [cache]
#     runs   default 3; prints each run and the median
#     mode   process (default) or container (needs Docker and ./deploy-code images)
#     cache  warm (default): the programs are in the page cache from the build and earlier runs;
#            cold: the page cache is dropped before each run (as root), as after a reboot
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
runs="${1:-3}"
mode="${2:-process}"
cache="${3:-warm}"
case "$cache" in
  warm) ;;
  cold) [ -w /proc/sys/vm/drop_caches ] || { echo "cache cold drops the page cache: run as root" >&2; exit 2; } ;;
  *) echo "cache is warm or cold, not '$cache'" >&2; exit 2 ;;
esac

dotnet build DeployCode.AppHost -c Release -v quiet -nologo >/dev/null
# The compiler servers the build leaves behind would otherwise run beside the first start.
dotnet build-server shutdown >/dev/null 2>&1 || true
apphost=DeployCode.AppHost/bin/Release/net10.0/DeployCode.AppHost

results=()
for run in $(seq 1 "$runs"); do
  state=$(mktemp -d /tmp/deploycode-bench-XXXXXX)
  chmod 755 "$state"
  log="$state.log"
  if [ "$cache" = cold ]; then
    sync
    echo 3 > /proc/sys/vm/drop_caches
  fi
  start=$(date +%s.%N)
  # exec: $! must be the AppHost itself, so that SIGTERM stops it (and DCP stops everything it started).
  ( cd DeployCode.AppHost &&
    exec env DOTNET_ENVIRONMENT=Development ASPNETCORE_URLS=http://127.0.0.1:18888 ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:18889 \
    ASPIRE_ALLOW_UNSECURED_TRANSPORT=true DeployCode__Runtime="$mode" DeployCode__StateDirectory="$state" \
    "../$apphost" >"$log" 2>&1 ) &
  pid=$!
  healthy=""
  for _ in $(seq 1 600); do
    if grep -q -E "CODE platform (healthy|running)" "$log"; then
      healthy=$(date +%s.%N)
      break
    fi
    sleep 0.1
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # The next run starts cold: wait until nothing of this one is left (in container mode, its containers and volumes).
  for _ in $(seq 1 100); do
    pgrep -f "$state" >/dev/null || break
    sleep 0.2
  done
  if [ "$mode" = container ]; then
    for _ in $(seq 1 150); do
      docker ps -a --format '{{.Names}}' | grep -q -E '^(postgresql|redis|prometheus|grafana|jaeger)-' || break
      sleep 0.2
    done
    scope=$(printf %s "$state" | sha256sum | cut -c1-8)
    docker volume ls -q | grep "^deploycode-$scope-" | xargs -r docker volume rm >/dev/null
  fi
  if [ -z "$healthy" ]; then
    echo "run $run: not healthy within 60 s; log: $log" >&2
    exit 1
  fi
  seconds=$(echo "$healthy - $start" | bc)
  reported=$(grep -o -E "CODE platform (healthy|running): [0-9]* resources (healthy )?in [0-9.]* s(, [0-9]* failed)?" "$log")
  printf 'run %d: %.1f s from launch to the platform running (%s)\n' "$run" "$seconds" "$reported"
  # The orchestrator's own breakdown of this start (logged just before the line above): the summary for every
  # run, the table per component for the last.
  breakdown=$(awk '/Start-up: /{found=1} found && /CODE platform/{exit} found && !/^(info|warn|fail|dbug): /' "$log" | sed 's/^      //')
  if [ "$run" = "$runs" ]; then
    printf '%s\n' "$breakdown" | sed 's/^/  /'
  else
    printf '%s\n' "$breakdown" | head -1 | sed 's/^/  /'
  fi
  results+=("$seconds")
  rm -rf "$state" "$log"
  sleep 3
done
median=$(printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
printf 'median of %d runs (%s mode, %s cache): %.1f s\n' "$runs" "$mode" "$cache" "$median"

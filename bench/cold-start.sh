#!/usr/bin/env bash
# Cold start of the whole CODE platform, build excluded: from launching the AppHost until the orchestrator
# logs "CODE platform healthy" (or "running", when components it can do without failed), on a fresh state
# folder each run.
#   bench/cold-start.sh [runs] [mode]   (default 3 runs, process mode; mode container needs Docker and
#                                        ./deploy-code images; prints each run and the median)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
runs="${1:-3}"
mode="${2:-process}"

dotnet build DeployCode.AppHost -c Release -v quiet -nologo >/dev/null
apphost=DeployCode.AppHost/bin/Release/net10.0/DeployCode.AppHost

results=()
for run in $(seq 1 "$runs"); do
  state=$(mktemp -d /tmp/deploycode-bench-XXXXXX)
  chmod 755 "$state"
  log="$state.log"
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
  results+=("$seconds")
  rm -rf "$state" "$log"
  sleep 3
done
median=$(printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
printf 'median of %d runs: %.1f s\n' "$runs" "$median"

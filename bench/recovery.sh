#!/usr/bin/env bash
# Recovery of a dead or a hung service, process mode: start the platform once, then kill (SIGKILL) or freeze
# (SIGSTOP: the process lives and holds its port but answers nothing) the process of one service (the server
# itself, not the `dotnet run` wrapper) several times, measuring from each signal until the orchestrator logs
# the detection, and until it logs the service healthy again. Polls the log every 20 ms.
#   bench/recovery.sh [service] [times] [KILL|STOP]     (default mcp-github, 5, KILL; prints each and the medians)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
service="${1:-mcp-github}"
kills="${2:-5}"
signal="${3:-KILL}"
case "$signal" in
  KILL) detection="$service: its process exited" ;;
  STOP) detection="$service: its health check failed" ;;
  *) echo "the signal is KILL (a dead process) or STOP (a hung one), not $signal" >&2; exit 2 ;;
esac

dotnet build DeployCode.AppHost -c Release -v quiet -nologo >/dev/null
apphost=DeployCode.AppHost/bin/Release/net10.0/DeployCode.AppHost
state=$(mktemp -d /tmp/deploycode-bench-XXXXXX)
chmod 755 "$state"
log="$state.log"
( cd DeployCode.AppHost &&
  exec env DOTNET_ENVIRONMENT=Development ASPNETCORE_URLS=http://127.0.0.1:18888 ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:18889 \
  ASPIRE_ALLOW_UNSECURED_TRANSPORT=true DeployCode__Runtime=process DeployCode__StateDirectory="$state" \
  "../$apphost" >"$log" 2>&1 ) &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$state" "$log"' EXIT

for _ in $(seq 1 900); do grep -q "CODE platform healthy" "$log" && break; sleep 0.1; done
grep -q "CODE platform healthy" "$log" || { echo "platform not healthy within 90 s; log: $log" >&2; exit 1; }

# The registry gives the process DCP started; the server is the process under it.
server_pid() {
  local root
  root=$(curl -s http://127.0.0.1:9464/registry | python3 -c "import json,sys; print(next(s['processId'] for s in json.load(sys.stdin)['services'] if s['name']=='$1'))")
  pgrep -P "$root" | head -1
}

detections=(); recoveries=()
for kill in $(seq 1 "$kills"); do
  sleep 3
  before_detected=$(grep -c "$detection" "$log" || true)
  before_healthy=$(grep -c "$service: healthy again" "$log" || true)
  target=$(server_pid "$service")
  start=$(date +%s.%N)
  kill -"$signal" "$target"
  detected=""; healthy=""
  for _ in $(seq 1 3000); do
    now=$(date +%s.%N)
    [ -z "$detected" ] && [ "$(grep -c "$detection" "$log" || true)" -gt "$before_detected" ] && detected=$now
    [ "$(grep -c "$service: healthy again" "$log" || true)" -gt "$before_healthy" ] && { healthy=$now; break; }
    sleep 0.02
  done
  [ -n "$healthy" ] || { echo "kill $kill: not healthy again within 60 s" >&2; exit 1; }
  d=$(echo "($detected - $start) * 1000" | bc); h=$(echo "$healthy - $start" | bc)
  printf 'SIG%s %d: detected after %.0f ms, healthy again after %.1f s\n' "$signal" "$kill" "$d" "$h"
  detections+=("$d"); recoveries+=("$h")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf 'median of %d SIG%s of %s: detected after %.0f ms, healthy again after %.1f s\n' "$kills" "$signal" "$service" "$(median "${detections[@]}")" "$(median "${recoveries[@]}")"

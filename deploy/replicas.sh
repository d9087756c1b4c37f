#!/usr/bin/env bash
# Serve RNN Playground from N Streamlit replicas behind nginx (Debian's package) on one port.
#   bash deploy/replicas.sh 2          # 2 replicas, public port 8080 (PORT=... to change)
# Replicas listen on 127.0.0.1:8601, 8602, ...; Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-2}"; PORT="${PORT:-8080}"; BASE="${REPLICA_BASE_PORT:-8601}"
# A shared demo: each session's training may use at most this share of a core (playground/pacing.py).
export RNNPG_SESSION_CPU_SHARE="${RNNPG_SESSION_CPU_SHARE:-0.25}"
RUN="$(mktemp -d /tmp/rnnpg-deploy.XXXXXX)"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"   # Debian's is in /usr/sbin, off a user's PATH
[ -x "$NGINX" ] || { echo "nginx is not installed: apt-get install nginx" >&2; exit 1; }
pids=()
cleanup() { [ -f "$RUN/nginx.pid" ] && kill "$(cat "$RUN/nginx.pid")" 2>/dev/null || true
            for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM
replicas=()
for i in $(seq 0 $((N - 1))); do
  port=$((BASE + i))
  python3 -m streamlit run streamlit_app.py --server.port "$port" --server.address 127.0.0.1 \
      --server.headless true > "$RUN/replica-$port.log" 2>&1 &
  pids+=("$!")
  replicas+=("127.0.0.1:$port")
done
python3 deploy/nginx_conf.py "$RUN" "$PORT" "${replicas[@]}" >/dev/null   # RUN/nginx.conf
for i in $(seq 0 $((N - 1))); do   # wait until every replica answers
  until python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$((BASE + i))/_stcore/health')" 2>/dev/null; do sleep 0.5; done
done
"$NGINX" -p "$RUN" -e "$RUN/error.log" -c "$RUN/nginx.conf" -g "daemon off;" &
pids+=("$!")
echo "RNN Playground: http://localhost:$PORT ($N replicas; logs in $RUN)"
wait

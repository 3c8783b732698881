#!/usr/bin/env bash
# Starts the web server and a Celery worker with embedded beat; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
# DEBUG off by default: the site's Vietnamese 404/500 pages, as in production (static files are
# still served from the source tree, WHITENOISE_USE_FINDERS). DEBUG=1 make run shows Django's own.
export DEBUG="${DEBUG:-0}"
export SITE_URL="${SITE_URL:-http://$HOST:$PORT}"
mkdir -p var/staticfiles var/celery/queue var/celery/processed var/celery/results

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "Đang dừng máy chủ và tiến trình Celery..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

.venv/bin/celery -A mocua worker -B --loglevel=INFO --concurrency=2 \
  --schedule=var/celerybeat-schedule >var/celery.log 2>&1 &
pids+=($!)
$PY manage.py runserver --noreload "$HOST:$PORT" &
pids+=($!)

sleep 2
echo
echo "mocua đang chạy tại $SITE_URL   (nhật ký Celery: var/celery.log; Ctrl-C để dừng)"
echo "Mỗi vai trò có một tài khoản trình diễn <đơn vị>.<vai trò>, mật khẩu mocua-demo (danh sách ở trên)."
wait -n "${pids[@]}"

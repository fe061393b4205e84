# Shared steps of deploy/up and deploy/test. Source it from the repository root.
set -euo pipefail

ROOT="$(pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "需要 root 权限执行：$*" >&2; return 1; fi
}

apt_install() {
  command -v apt-get >/dev/null || { echo "没有 apt-get，请手动安装：$*" >&2; return 1; }
  if [ ! -f /tmp/.kj-apt-updated ]; then as_root apt-get update -qq && touch /tmp/.kj-apt-updated; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_python_env() {
  local requirements="$1"
  if ! python3 -m venv --help >/dev/null 2>&1; then apt_install python3-venv; fi
  [ -x "$PY" ] || python3 -m venv "$VENV"
  local stamp="$VENV/.installed-$(cat requirements*.txt | sha256sum | cut -c1-16)-$(basename "$requirements")"
  if [ ! -f "$stamp" ]; then
    say "安装 Python 依赖（$requirements）"
    "$PY" -m pip install -q --upgrade pip
    "$PY" -m pip install -q -r "$requirements"
    touch "$stamp"
  fi
}

rabbit_up() { rabbitmqctl -q status >/dev/null 2>&1 || rabbitmq-diagnostics -q ping >/dev/null 2>&1; }

ensure_rabbitmq() {
  [ -n "${AMQP_URI:-}" ] && return 0  # an external broker was given
  rabbit_up && return 0
  if ! command -v rabbitmq-server >/dev/null; then
    say "安装 RabbitMQ"
    apt_install rabbitmq-server
  fi
  say "启动 RabbitMQ"
  as_root rabbitmq-server -detached >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do rabbit_up && return 0; sleep 1; done
  echo "RabbitMQ 未能启动" >&2; return 1
}

ensure_postgres() {
  pg_isready -q -h 127.0.0.1 2>/dev/null && return 0
  if ! command -v pg_ctlcluster >/dev/null; then
    say "安装 PostgreSQL"
    apt_install postgresql
  fi
  local version; version="$(ls /etc/postgresql | sort -V | tail -n1)"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && return 0; sleep 1; done
  echo "PostgreSQL 未能启动" >&2; return 1
}

SUPERVISORCTL=("$VENV/bin/supervisorctl" -c deploy/supervisord.conf)

# The pid of the running supervisord, or nothing when none answers.
supervisor_pid() {
  [ -S var/run/supervisor.sock ] || return 0
  "${SUPERVISORCTL[@]}" pid 2>/dev/null | grep -E '^[0-9]+$' || true
}

# Stops every process ./deploy/up started and returns only once supervisord has exited
# (while it shuts down it still holds its socket, and a new one would refuse to start).
stop_all() {
  local running
  running=$(supervisor_pid)
  [ -n "$running" ] || return 0
  "${SUPERVISORCTL[@]}" shutdown >/dev/null 2>&1 || true
  for _ in $(seq 1 120); do kill -0 "$running" 2>/dev/null || return 0; sleep 0.5; done
  echo "supervisord（进程 $running）未在 60 秒内退出" >&2; return 1
}

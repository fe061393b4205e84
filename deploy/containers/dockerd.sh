# Sourced by deploy/test-containers: a dockerd of the script's own (its own socket, pid file,
# data and exec roots), started only when none of ours answers, and stopped by its own PID.
#   KJCG_CONTAINERS_CACHE  where images and the base root file system are kept between runs
#                          (default /var/cache/kjcg-containers: outside the repository)

CACHE="${KJCG_CONTAINERS_CACHE:-/var/cache/kjcg-containers}"
DOCKERD_RUN="${KJCG_DOCKERD_RUN:-/run/kjcg-containers}"
export DOCKER_HOST="unix://$DOCKERD_RUN/docker.sock"
DOCKERD_PID=""

dockerd_start() {
  mkdir -p "$CACHE/docker" "$DOCKERD_RUN/exec"
  if docker version >/dev/null 2>&1; then
    echo "dockerd already answers at $DOCKER_HOST (not ours: left running)"; return 0
  fi
  # A bridge of our own, so nothing collides with a docker0 of another engine on this machine.
  dockerd --host "$DOCKER_HOST" --pidfile "$DOCKERD_RUN/dockerd.pid" \
    --data-root "$CACHE/docker" --exec-root "$DOCKERD_RUN/exec" \
    --bridge none --log-level warn >"$DOCKERD_RUN/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  for _ in $(seq 1 60); do
    docker version >/dev/null 2>&1 && { echo "dockerd started (pid $DOCKERD_PID)"; return 0; }
    kill -0 "$DOCKERD_PID" 2>/dev/null || break
    sleep 1
  done
  echo "dockerd did not start:" >&2; tail -20 "$DOCKERD_RUN/dockerd.log" >&2; return 1
}

dockerd_stop() {
  [ -n "$DOCKERD_PID" ] || return 0
  kill -TERM "$DOCKERD_PID" 2>/dev/null || return 0
  for _ in $(seq 1 60); do kill -0 "$DOCKERD_PID" 2>/dev/null || { echo "dockerd (pid $DOCKERD_PID) stopped"; return 0; }; sleep 0.5; done
  echo "dockerd (pid $DOCKERD_PID) did not stop in 30 s: killing it" >&2
  kill -KILL "$DOCKERD_PID" 2>/dev/null || true
}

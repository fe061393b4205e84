#!/bin/sh
set -eu
mkdir -p /etc/rabbitmq /var/lib/rabbitmq
{
  echo "loopback_users = none"
  echo "listeners.tcp.default = 5672"
  echo "default_user = ${RABBITMQ_DEFAULT_USER:-guest}"
  echo "default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}"
  if [ -n "${RABBITMQ_CLUSTER_NODES:-}" ]; then
    echo "cluster_formation.peer_discovery_backend = classic_config"
    i=1
    for node in $RABBITMQ_CLUSTER_NODES; do echo "cluster_formation.classic_config.nodes.$i = $node"; i=$((i + 1)); done
    echo "cluster_partition_handling = pause_minority"
  fi
} > /etc/rabbitmq/rabbitmq.conf
if [ -n "${RABBITMQ_ERLANG_COOKIE:-}" ]; then
  printf '%s' "$RABBITMQ_ERLANG_COOKIE" > /var/lib/rabbitmq/.erlang.cookie
  chmod 400 /var/lib/rabbitmq/.erlang.cookie
fi
chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /etc/rabbitmq
# Debian's wrapper runs the server as the rabbitmq user.
exec rabbitmq-server "$@"

#!/bin/sh
set -eu
mkdir -p /etc/rabbitmq /var/lib/rabbitmq
{
  echo "loopback_users = none"
  echo "listeners.tcp.default = 5672"
  echo "default_user = ${RABBITMQ_DEFAULT_USER:-guest}"
  echo "default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}"
  # The official image reads /etc/rabbitmq/conf.d/; Debian's 3.10 is given them in its one file.
  for extra in /etc/rabbitmq/conf.d/*.conf; do if [ -f "$extra" ]; then cat "$extra"; fi; done
} > /etc/rabbitmq/rabbitmq.conf
if [ -n "${RABBITMQ_ERLANG_COOKIE:-}" ]; then
  printf '%s' "$RABBITMQ_ERLANG_COOKIE" > /var/lib/rabbitmq/.erlang.cookie
  chmod 400 /var/lib/rabbitmq/.erlang.cookie
fi
chown rabbitmq:rabbitmq /etc/rabbitmq/rabbitmq.conf
chown -R rabbitmq:rabbitmq /var/lib/rabbitmq
# Debian's wrapper runs the server as the rabbitmq user.
exec rabbitmq-server "$@"

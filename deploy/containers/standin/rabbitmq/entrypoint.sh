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
# The server's own script, as the rabbitmq user, as the container's first process: it stops the
# node cleanly on SIGTERM (`docker stop`). Debian's /usr/sbin/rabbitmq-server wrapper would sit
# there instead and ignore the signal, and the node would be SIGKILLed 10-30 s later, its
# clients' connections left to time out.
export HOME=/var/lib/rabbitmq
exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups /usr/lib/rabbitmq/bin/rabbitmq-server "$@"

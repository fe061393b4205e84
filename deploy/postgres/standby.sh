#!/bin/sh
# The standby of deploy/compose.pg-standby.yaml, run as the postgres user: on an empty data
# directory, a base backup of the primary (PRIMARY_HOST) that streams from it (-R), then the
# server. Promote it with `pg_ctl promote` (or SELECT pg_promote()) when the primary is lost;
# it then takes writes, alone (it waits for no standby of its own).
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -q -h "$PRIMARY_HOST"; do sleep 1; done
  PGPASSWORD="$POSTGRES_REPLICATION_PASSWORD" pg_basebackup -h "$PRIMARY_HOST" -U replicator \
    -D "$PGDATA" -R -X stream -c fast
  chmod 700 "$PGDATA"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -c synchronous_standby_names=''

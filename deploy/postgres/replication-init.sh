#!/usr/bin/env bash
# The primary's part of deploy/compose.pg-standby.yaml, run once on its first start (mounted into
# /docker-entrypoint-initdb.d/ after postgres-init.sh): a role the standby replicates as, its
# pg_hba line, and synchronous replication, so a commit is acknowledged only once the standby
# has it (a promotion then loses no acknowledged save, event or mail). Takes effect when the
# server restarts at the end of the first start.
#   POSTGRES_REPLICATION_PASSWORD  the replicator role's password (a secret)
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v password="$POSTGRES_REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
ALTER SYSTEM SET synchronous_standby_names = '*';
ALTER SYSTEM SET synchronous_commit = 'on';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"

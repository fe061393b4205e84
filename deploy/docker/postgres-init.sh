#!/usr/bin/env bash
# Creates one database per service (and one for the shared file store) the first time the
# official postgres image starts on an empty data directory: it runs the scripts of
# /docker-entrypoint-initdb.d/ as POSTGRES_USER, who then owns them. deploy/compose.yaml mounts
# this file there. Each service creates its own tables (python -m services.common.migrations);
# the file store creates its table on first use.
#   KJCG_DATABASES  names to create (default: accounts registration review certificates reports files)
set -euo pipefail

for database in ${KJCG_DATABASES:-accounts registration review certificates reports files}; do
  if [ "$(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]; then
    echo "creating database $database"
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
      -c "CREATE DATABASE \"$database\" OWNER \"$POSTGRES_USER\""
  fi
done

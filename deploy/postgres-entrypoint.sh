#!/bin/sh
# On the first start, a cluster in $PGDATA whose superuser is $POSTGRES_USER (password $POSTGRES_PASSWORD, asked of
# every connection) with the database $POSTGRES_DB; then PostgreSQL in the foreground, listening on every address.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    : "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
    user=${POSTGRES_USER:-postgres}
    password_file=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" > "$password_file"
    initdb --username="$user" --pwfile="$password_file" --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8
    rm "$password_file"
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    echo "CREATE DATABASE \"${POSTGRES_DB:-$user}\"" | postgres --single -D "$PGDATA" postgres >/dev/null
fi
exec postgres -c listen_addresses='*' "$@"

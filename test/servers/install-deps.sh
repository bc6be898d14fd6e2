#!/bin/sh
# Installs what the real test servers need (idempotent): PostgreSQL 15 with
# pg_stat_statements (contrib is part of postgresql-15 on Debian 12), MariaDB
# server, openssl, Prometheus and Alertmanager (metrics and alert routing tests). Called by .ci/run; safe to run again.
set -eu
need=""
[ -x /usr/lib/postgresql/15/bin/initdb ] || need="$need postgresql-15"
[ -f /usr/lib/postgresql/15/lib/pg_stat_statements.so ] || need="$need postgresql-contrib-15"
command -v mariadbd >/dev/null 2>&1 || need="$need mariadb-server"
command -v mariadb-install-db >/dev/null 2>&1 || need="$need mariadb-server"
command -v openssl >/dev/null 2>&1 || need="$need openssl"
[ -x /usr/bin/prometheus ] || need="$need prometheus"
[ -x /usr/bin/prometheus-alertmanager ] || need="$need prometheus-alertmanager"
if [ -z "$need" ]; then
  echo "test servers: dependencies present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "test servers: missing$need; run as root (apt-get)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# postgresql-contrib-15 is a virtual package provided by postgresql-15 on Debian 12.
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $(echo "$need" | tr ' ' '\n' | sort -u | sed 's/^postgresql-contrib-15$/postgresql-15/' | tr '\n' ' ')
# Debian starts a cluster / service at install; the tests use their own servers in temp folders.
if command -v pg_lsclusters >/dev/null 2>&1; then
  pg_lsclusters -h 2>/dev/null | while read -r ver name _; do pg_ctlcluster "$ver" "$name" stop 2>/dev/null || true; done
fi
service mariadb stop 2>/dev/null || true
service prometheus stop 2>/dev/null || true
service prometheus-alertmanager stop 2>/dev/null || true
echo "test servers: installed$need"

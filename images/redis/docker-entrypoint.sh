#!/bin/sh
# Entry point of the redis image of images/build, as the official one: options alone (or a .conf file
# first) are redis-server's, and redis-server started as root runs as the redis user, owning /data.
set -e

case "${1:-}" in
  -*|*.conf) set -- redis-server "$@" ;;
esac

if [ "${1:-}" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis {} +
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi

# Files written by redis (dump.rdb, appendonly files) are its own unless the caller chose a umask.
if [ "$(umask)" = 0022 ]; then
  umask 0077
fi
exec "$@"

#!/usr/bin/env bash
# Installs, upgrades or removes the XTiger backend as a systemd service, from a checkout of this repository.
#   sudo scripts/service/install.sh install [DIR]   # default DIR /opt/xtiger: copy, build, keep runtime deps, enable
#   sudo scripts/service/install.sh upgrade [DIR]   # same files again, migrations run at start, restart
#   sudo scripts/service/install.sh remove  [DIR]   # stop, disable, delete DIR and the unit (keeps /etc/xtiger)
# Node 20 and npm must be installed. The settings file /etc/xtiger/xtiger.env is created once from the template.
set -euo pipefail
action=${1:-}
dir=${2:-/opt/xtiger}
src=$(cd "$(dirname "$0")/../.." && pwd)
unit=/etc/systemd/system/xtiger.service

build_into() {
  mkdir -p "$dir"
  # The sources the build needs; the key folder (.xtiger) and settings are never overwritten.
  tar -C "$src" --exclude=node_modules --exclude=.git --exclude=dist --exclude=.xtiger -cf - . | tar -C "$dir" -xf -
  (cd "$dir" && npm ci --no-audit --no-fund && npm run build && npm ci --omit=dev --no-audit --no-fund)
  id -u xtiger >/dev/null 2>&1 || useradd --system --home "$dir" --shell /usr/sbin/nologin xtiger
  mkdir -p "$dir/.xtiger" && chown xtiger:xtiger "$dir/.xtiger" && chmod 700 "$dir/.xtiger"
  sed "s|@INSTALL_DIR@|$dir|g" "$src/scripts/service/xtiger.service" > "$unit"
  if [ ! -f /etc/xtiger/xtiger.env ]; then
    install -d -m 700 /etc/xtiger
    install -m 600 "$src/scripts/service/xtiger.env.example" /etc/xtiger/xtiger.env
    echo "Edit /etc/xtiger/xtiger.env (Vtiger database, URLs), then: systemctl restart xtiger"
  fi
  systemctl daemon-reload
}

case "$action" in
  install) build_into; systemctl enable --now xtiger ;;
  upgrade) build_into; systemctl restart xtiger ;;
  remove)
    systemctl disable --now xtiger 2>/dev/null || true
    rm -f "$unit"; systemctl daemon-reload
    rm -rf "$dir"
    echo "Removed $dir and the unit; /etc/xtiger (settings) and the xtiger user are kept." ;;
  *) echo "usage: $0 install|upgrade|remove [DIR]" >&2; exit 2 ;;
esac

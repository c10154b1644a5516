#!/bin/bash
# Installs the yimen browser-host deployment (Node core + system Chromium in cage or X) on a
# Debian / Kylin / UOS machine. Run as root from a built checkout (npm ci && npm run build).
# Idempotent: running it again updates the shipped files and keeps the site's own files
# (/etc/default/yimen, /etc/udev/rules.d/69-yimen-roles.rules unless --role is given).
#
#   sudo packaging/install-browser-host.sh [--session cage|x] [--role NAME=ID_PATH]...
#        [--app-dir /opt/yimen] [--no-copy] [--no-enable] [--destdir DIR]
#
# --destdir DIR (or DESTDIR=DIR) writes every file under DIR and changes nothing on the running
# system: no user is created, no service enabled, udev not reloaded (for packagers and tests).
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG="$SRC/packaging"
DESTDIR="${DESTDIR:-}"
APP_DIR=/opt/yimen
SESSION=cage
COPY=1
ENABLE=1
ROLES=()

die() { echo "install-browser-host: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --session) SESSION="${2:-}"; shift 2 ;;
    --session=*) SESSION="${1#*=}"; shift ;;
    --role) ROLES+=("${2:-}"); shift 2 ;;
    --role=*) ROLES+=("${1#*=}"); shift ;;
    --app-dir) APP_DIR="${2:-}"; shift 2 ;;
    --app-dir=*) APP_DIR="${1#*=}"; shift ;;
    --destdir) DESTDIR="${2:-}"; shift 2 ;;
    --destdir=*) DESTDIR="${1#*=}"; shift ;;
    --no-copy) COPY=0; shift ;;
    --no-enable) ENABLE=0; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

case "$SESSION" in cage|x) ;; *) die "--session must be cage or x, not '$SESSION'" ;; esac
case "$APP_DIR" in /*) ;; *) die "--app-dir must be an absolute path" ;; esac
if [ -n "$DESTDIR" ]; then
  DESTDIR="$(mkdir -p "$DESTDIR" && cd "$DESTDIR" && pwd)"
  [ "$DESTDIR" != / ] || die "--destdir / is the live system; leave it out instead"
  ENABLE=0
  LIVE=0
else
  LIVE=1
  [ "$(id -u)" = 0 ] || die "run as root (or give --destdir)"
fi
for r in ${ROLES[@]+"${ROLES[@]}"}; do
  [[ "$r" =~ ^[a-z][a-z0-9-]{0,31}=[A-Za-z0-9:._+-]+$ ]] || die "--role wants NAME=ID_PATH (e.g. locker=pci-0000:00:14.0-usb-0:1.2:1.0), not '$r'"
done

command -v node >/dev/null 2>&1 || die "node (>= 20.11) is not installed"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=11)?0:1)' \
  || die "node $(node --version) is too old: yimen needs >= 20.11"
[ -f "$SRC/dist/main/shells/cli/main.js" ] || die "$SRC is not built: run npm ci && npm run build first"

D="$DESTDIR"
step() { echo "install-browser-host: $*" >&2; }

# 1. The application.
if [ "$COPY" = 1 ]; then
  step "copying the application to $APP_DIR"
  install -d -m 0755 "$D$APP_DIR"
  for part in dist bin node_modules package.json package-lock.json; do
    if [ -e "$SRC/$part" ]; then
      rm -rf "${D:?}$APP_DIR/$part.new"
      cp -a "$SRC/$part" "$D$APP_DIR/$part.new"
      rm -rf "${D:?}$APP_DIR/$part"
      mv "$D$APP_DIR/$part.new" "$D$APP_DIR/$part"
    fi
  done
fi
install -d -m 0755 "$D/usr/local/bin"
ln -sfn "$APP_DIR/bin/yimen.js" "$D/usr/local/bin/yimen"

# 2. Session recipes and settings.
install -D -m 0755 "$PKG/session/yimen-session" "$D/usr/local/libexec/yimen/yimen-session"
install -D -m 0755 "$PKG/session/yimen-xsession" "$D/usr/local/libexec/yimen/yimen-xsession"
if [ ! -e "$D/etc/default/yimen" ]; then
  install -D -m 0644 "$PKG/session/yimen.default" "$D/etc/default/yimen"
fi
# The session the caller asked for wins over the one in the file (the rest stays as edited).
sed -i "s/^YIMEN_SESSION=.*/YIMEN_SESSION=$SESSION/" "$D/etc/default/yimen"
install -d -m 0755 "$D/etc/yimen"

# 3. systemd unit (+ the X drop-in only for the X recipe).
install -D -m 0644 "$PKG/systemd/yimen.service" "$D/etc/systemd/system/yimen.service"
if [ "$SESSION" = x ]; then
  install -D -m 0644 "$PKG/systemd/x-session.conf" "$D/etc/systemd/system/yimen.service.d/x-session.conf"
else
  rm -f "$D/etc/systemd/system/yimen.service.d/x-session.conf"
  rmdir "$D/etc/systemd/system/yimen.service.d" 2>/dev/null || true
fi
# Declarative user for systemd-sysusers (also what a packaged image would ship).
install -d -m 0755 "$D/usr/lib/sysusers.d"
printf '%s\n' '# yimen kiosk user (install-browser-host.sh)' \
  'u yimen - "yimen kiosk" /var/lib/yimen /usr/sbin/nologin' \
  'm yimen video' 'm yimen input' >"$D/usr/lib/sysusers.d/yimen.conf"
chmod 0644 "$D/usr/lib/sysusers.d/yimen.conf"

# 4. udev rules: shipped rules always; the site's role file only when absent or when --role is given.
install -D -m 0644 "$PKG/udev/70-yimen.rules" "$D/etc/udev/rules.d/70-yimen.rules"
ROLE_FILE="$D/etc/udev/rules.d/69-yimen-roles.rules"
if [ "${#ROLES[@]}" -gt 0 ]; then
  {
    echo '# yimen device roles for this machine (written by install-browser-host.sh --role).'
    echo '# Edit freely; see the comments in the shipped example for other ways to match a device.'
    for r in "${ROLES[@]}"; do
      echo "SUBSYSTEM==\"tty|usbmisc|hidraw|usb\", ENV{ID_PATH}==\"${r#*=}\", ENV{YIMEN_ROLE}=\"${r%%=*}\""
    done
  } >"$ROLE_FILE.new"
  chmod 0644 "$ROLE_FILE.new"
  mv "$ROLE_FILE.new" "$ROLE_FILE"
elif [ ! -e "$ROLE_FILE" ]; then
  install -m 0644 "$PKG/udev/69-yimen-roles.rules" "$ROLE_FILE"
fi

# 5. Chromium managed policy, generated from chromiumPolicy() by the CLI being installed.
install -d -m 0755 "$D/etc/chromium/policies/managed"
node "$SRC/bin/yimen.js" chromium-policy --out "$D/etc/chromium/policies/managed/yimen.json.new" >/dev/null
mv "$D/etc/chromium/policies/managed/yimen.json.new" "$D/etc/chromium/policies/managed/yimen.json"
chmod 0644 "$D/etc/chromium/policies/managed/yimen.json"

# 6. Live system only: user, state directory, udev, systemd.
if [ "$LIVE" = 1 ]; then
  if ! getent passwd yimen >/dev/null; then
    step "creating the yimen user"
    if command -v systemd-sysusers >/dev/null 2>&1; then
      systemd-sysusers /usr/lib/sysusers.d/yimen.conf
    else
      useradd --system --user-group --home-dir /var/lib/yimen --shell /usr/sbin/nologin --comment 'yimen kiosk' yimen
    fi
  fi
  for g in video input; do
    if getent group "$g" >/dev/null; then usermod -a -G "$g" yimen; fi
  done
  install -d -o yimen -g yimen -m 0700 /var/lib/yimen
  if command -v udevadm >/dev/null 2>&1 && [ -d /run/udev ]; then
    udevadm control --reload
    udevadm trigger --action=add --subsystem-match=tty --subsystem-match=usbmisc --subsystem-match=hidraw --subsystem-match=usb || true
  fi
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    if [ "$ENABLE" = 1 ]; then
      systemctl enable yimen.service
      step "enabled yimen.service; start it with: systemctl start yimen (or reboot)"
    fi
  fi
fi
step "done (session: $SESSION${DESTDIR:+, under $DESTDIR})"

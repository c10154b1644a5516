#!/bin/bash
# postinst of the yimen-kiosk deb (Electron shell). electron-builder fills in the names of the
# executable and the install folder; everything else here is plain shell ($VAR, never braces).
set -e

APP='/opt/${sanitizedProductName}'
EXE='${executable}'

if type update-alternatives >/dev/null 2>&1; then
  update-alternatives --install "/usr/bin/$EXE" "$EXE" "$APP/$EXE" 100 || ln -sf "$APP/$EXE" "/usr/bin/$EXE"
else
  ln -sf "$APP/$EXE" "/usr/bin/$EXE"
fi

# Chromium's sandbox: user namespaces where the kernel allows them, else the setuid helper.
if [[ -L /proc/self/ns/user ]] && unshare --user true 2>/dev/null; then
  chmod 0755 "$APP/chrome-sandbox" || true
else
  chmod 4755 "$APP/chrome-sandbox" || true
fi

# The kiosk user and group that own the devices (udev) and the state directory.
if ! getent group yimen >/dev/null; then addgroup --system yimen; fi
if ! getent passwd yimen >/dev/null; then
  adduser --system --ingroup yimen --home /var/lib/yimen --shell /usr/sbin/nologin --gecos 'yimen kiosk' yimen
fi
for g in video input; do
  if getent group "$g" >/dev/null; then adduser yimen "$g" >/dev/null || true; fi
done
install -d -o yimen -g yimen -m 0700 /var/lib/yimen

# Device access and stable /dev/yimen-* names; the site's role file is written once, never replaced.
RES="$APP/resources/packaging"
install -D -m 0644 "$RES/udev/70-yimen.rules" /usr/lib/udev/rules.d/70-yimen.rules
if [ ! -e /etc/udev/rules.d/69-yimen-roles.rules ]; then
  install -D -m 0644 "$RES/udev/69-yimen-roles.rules" /etc/udev/rules.d/69-yimen-roles.rules
fi
if type udevadm >/dev/null 2>&1 && [ -d /run/udev ]; then
  udevadm control --reload || true
  udevadm trigger --action=add --subsystem-match=tty --subsystem-match=usbmisc --subsystem-match=hidraw --subsystem-match=usb || true
fi

if hash update-desktop-database 2>/dev/null; then update-desktop-database /usr/share/applications || true; fi
exit 0

#!/bin/bash
# postrm of the yimen-kiosk deb. The "yimen" user, /var/lib/yimen (the kiosk's unsent data)
# and the site's 69-yimen-roles.rules stay: a reinstall must find them.
APP='/opt/${sanitizedProductName}'
EXE='${executable}'

if type update-alternatives >/dev/null 2>&1; then
  update-alternatives --remove "$EXE" "$APP/$EXE" || true
else
  rm -f "/usr/bin/$EXE"
fi
if [ ! -e "$APP/$EXE" ]; then
  rm -f /usr/lib/udev/rules.d/70-yimen.rules
  if type udevadm >/dev/null 2>&1 && [ -d /run/udev ]; then udevadm control --reload || true; fi
fi
exit 0

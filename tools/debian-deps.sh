#!/usr/bin/env bash
# The Debian packages the tests drive, in one place. `npm test` runs this first (npm's `pretest`),
# and so does `.ci/run`: when a package is missing it is installed (as root, or through sudo when
# sudo needs no password), else this stops with the exact apt-get line to run.
#
#   bash tools/debian-deps.sh           # check, and install what is missing
#   bash tools/debian-deps.sh --list    # print the package names
set -euo pipefail

# package            what needs it
PACKAGES=(
  chromium           # e2e tests and the kiosk window (Playwright drives Debian's Chromium)
  socat              # pty pairs: drivers and CLI tests speak real serial bytes to emulators
  libusb-1.0-0       # node-hid's native binding
  udev               # device discovery (libudev) for serialport and node-hid
  fonts-noto-cjk     # Chinese text in the kiosk pages and the A4 PDFs
  espeak-ng          # spoken prompts (speech tests synthesise with it)
  poppler-utils      # A4 read-back tests: pdftoppm rasterises the PDFs as CUPS prints them; pdffonts, pdftotext
  tesseract-ocr      # A4 read-back tests: OCR of the rasterised pages (docs/printing.md)
  tesseract-ocr-chi-sim  # … its simplified Chinese model (zh-CN and en pages)
  tesseract-ocr-chi-tra  # … its traditional Chinese model (zh-HK pages)
  prometheus         # fleet metrics tests: promtool (check metrics/rules, test rules) and a real Prometheus scraping the back office
  zinnia-utils       # handwriting input (手写): /usr/bin/zinnia, run by main as a long-lived helper (main/features/ime/handwriting.ts)
  tegaki-zinnia-simplified-chinese  # … its simplified Chinese model (LGPL-2.1+); Debian has no traditional one: zh-HK converts with OpenCC
  ffmpeg             # cameras (drivers/camera): main captures UVC/V4L2 cameras as an ffmpeg child process; tests drive the same pipeline with its lavfi test pattern
)

if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "${PACKAGES[@]}"
  exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "debian-deps: not a Debian system; the tests need: ${PACKAGES[*]} (or their equivalents)" >&2
  exit 0
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo)
else
  echo "debian-deps: the tests need Debian packages that are missing: ${missing[*]}" >&2
  echo "debian-deps: install them with:  sudo apt-get update && sudo $line" >&2
  exit 1
fi

echo "debian-deps: installing ${missing[*]} (browser, pty and device packages the tests drive)" >&2
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

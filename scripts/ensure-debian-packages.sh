#!/usr/bin/env bash
# Debian packages the project needs beyond Python: Chromium for the browser tests (Playwright's own
# download fails here), the DejaVu fonts the invoice PDFs are set in (Polish characters) and
# redis-server (tests/test_scale_out.py starts private ones to restart them), poppler-utils and libzbar0
# (tests/test_ksef.py renders an invoice page with pdftoppm and reads its QR code with zbar).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
command -v redis-server >/dev/null || missing+=(redis-server)  # private servers of the fault tests
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
ldconfig -p | grep -q libzbar.so.0 || missing+=(libzbar0)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" != "0" ]; then
  sudo="sudo"
fi
echo "installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null

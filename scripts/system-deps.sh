#!/usr/bin/env bash
# Debian packages the tests need: gcc to build the compiled module, Chromium for browser tests, poppler-utils to look
# at PDFs, and the libraries WeasyPrint loads at run time. Installs only what is missing.
set -euo pipefail
packages=(gcc chromium fonts-liberation fonts-dejavu-core poppler-utils gettext
          libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

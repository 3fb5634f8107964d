#!/usr/bin/env bash
# Installs the Debian 12 packages Hotline builds and tests with (chromium and CJK fonts for the web
# console's browser test). Idempotent: does nothing when all are present, so `make run` and
# `make test` may call it every time.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libsofia-sip-ua-dev libboost1.81-dev nlohmann-json3-dev libsqlite3-dev sqlite3
  libspdlog-dev libcli11-dev libargon2-dev libssl-dev
  libspandsp-dev libsndfile1-dev libsamplerate0-dev libespeak-ng-dev espeak-ng-data liblua5.4-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  sip-tester python3 procps
  chromium fonts-wqy-microhei
)
# The web app builds with node and npm (Vite 6 runs on Debian's node 18); a newer node already on
# PATH is used as it is.
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Runs the whole test suite (README.md). The tests drive real programs from Debian: Chromium (the control page),
# Node.js and npm (an independent WebSocket client), and the services listed below; whatever is missing is
# installed first with apt-get (through sudo when not root). Arguments go on to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"

# command → Debian package that provides it. Add a line when a test starts driving another program.
packages=(
  "chromium chromium"
  "node nodejs"
  "npm npm"
  "curl curl"
  "mosquitto mosquitto"
  "mosquitto_sub mosquitto-clients"
  "prometheus prometheus"
  "promtool prometheus"
  "ip iproute2"
  "dbus-daemon dbus-daemon"
  "avahi-daemon avahi-daemon"
  "avahi-browse avahi-utils"
)

missing=()
for entry in "${packages[@]}"; do
  read -r command package <<<"$entry"
  command -v "$command" >/dev/null 2>&1 || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]} from Debian"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet test EspWs.sln "$@"

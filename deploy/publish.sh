#!/usr/bin/env bash
# Makes the device build (docs/deploy.md): one Native AOT executable for RID, with what must lie beside it.
#   deploy/publish.sh linux-arm64 out/pi     # Raspberry Pi 3/4/5, Zero 2 W (64-bit OS), cross-compiled on x64
#   deploy/publish.sh linux-x64 out/pc       # a 64-bit Intel or AMD Linux PC
# OUTDIR then holds EspWs.App, app.config.yaml and libSystem.IO.Ports.Native.so: copy that folder to the device.
# The Debian toolchain Native AOT links with is installed first when missing (apt-get, through sudo when not root).
set -euo pipefail

usage()
{
  echo "usage: deploy/publish.sh RID OUTDIR   (RID: linux-x64 or linux-arm64)" >&2
  exit 2
}

[ $# -eq 2 ] || usage
rid=$1
outdir=$2
root=$(cd "$(dirname "$0")/.." && pwd)

case "$(uname -m)" in
  x86_64) host=linux-x64 ;;
  aarch64) host=linux-arm64 ;;
  *) echo "publish.sh: this machine ($(uname -m)) cannot build EspWs's device binaries; use an x64 or arm64 Linux machine" >&2; exit 2 ;;
esac

# What the ILCompiler's link step calls: clang as the driver and zlib for the runtime, natively; for an arm64 binary
# built on x64, lld and the aarch64 cross gcc, binutils and libc (crt files, libc, libm) as the sysroot, and the cross
# binutils' objcopy to split off the debug symbols (the compiler looks for llvm-objcopy, which Debian's clang does not
# bring, then falls back to the host's objcopy, which cannot read an arm64 binary: a fresh machine failed there).
packages=(clang zlib1g-dev)
publish_args=()
case "$rid:$host" in
  linux-x64:linux-x64 | linux-arm64:linux-arm64) ;;
  linux-arm64:linux-x64)
    packages+=(lld gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross)
    publish_args+=(-p:LinkerFlavor=lld -p:ObjCopyName=aarch64-linux-gnu-objcopy)
    ;;
  linux-x64:* | linux-arm64:*)
    echo "publish.sh: building $rid on $host is not supported; build it on a $rid machine or on linux-x64" >&2
    exit 2
    ;;
  *)
    echo "publish.sh: RID '$rid' is not supported: use linux-x64 or linux-arm64" >&2
    usage
    ;;
esac

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  command -v apt-get >/dev/null || { echo "publish.sh: missing ${missing[*]}, and this is not a Debian-based machine: install them" >&2; exit 1; }
  echo "publish.sh: installing ${missing[*]} from Debian (the Native AOT toolchain for $rid)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "publish.sh: installed ${missing[*]}"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The SDK's own publish folder keeps the debug symbols (EspWs.App.dbg, not needed to run); OUTDIR gets only what the
# device needs, so it can be copied as it is.
# The link output is removed too, so the link and the symbol split always run: after a split that failed, the SDK took
# the unstripped link output as up to date and published it (35 MB instead of 11).
staging="$root/App/bin/Release/net10.0/$rid/publish"
rm -rf "$staging" "$root/App/bin/Release/net10.0/$rid/native"
dotnet publish "$root/App" -c Release -r "$rid" -p:PublishAot=true "${publish_args[@]}" -nologo -v quiet

files=(EspWs.App app.config.yaml libSystem.IO.Ports.Native.so)
for file in "${files[@]}"; do
  [ -f "$staging/$file" ] || { echo "publish.sh: the publish made no $file (in $staging)" >&2; exit 1; }
done
mkdir -p "$outdir"
for file in "${files[@]}"; do
  cp -f "$staging/$file" "$outdir/"
done

size=$(stat -c %s "$outdir/EspWs.App")
echo "publish.sh: $rid device build in $outdir: EspWs.App ($((size / 1024)) KiB), app.config.yaml, libSystem.IO.Ports.Native.so"
echo "publish.sh: debug symbols (for crash dumps; not copied to the device) in $staging"

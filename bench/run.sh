#!/usr/bin/env bash
# The one benchmark command: builds Release, runs the micro-benchmarks and the load tool (EspWs against the Kestrel
# reference, alternating A B A B), and writes the tables under bench/out/.
#
#   bench/run.sh                  full run (about 12 minutes on 2 cores; use a quiet machine for figures worth recording)
#   bench/run.sh --quick          short smoke run of every part (under 3 minutes; figures too short to quote)
#   bench/run.sh --update-docs    also puts the tables into docs/performance.md, between its bench markers
#   bench/run.sh --publish        also publishes EspWs trimmed, trimmed + ReadyToRun and Native AOT, and times their start
#   bench/run.sh --no-micro --no-load   skip a part
#   bench/run.sh --phases echo,fanout   only these load phases (echo, fanout, footprint, attack, calibration, tls, startup)
#   bench/run.sh --server-cpus 1  pin the servers to these CPUs (default: the last CPU; the load tool gets the others)
#   bench/run.sh --no-pin         pin nothing: servers and load tool share every CPU
set -euo pipefail
cd "$(dirname "$0")/.."

quick="" micro=1 publish=0 load=1 update_docs=0 load_args=() server_cpus="" pin=1
while [ $# -gt 0 ]; do
  arg="$1"
  shift
  case "$arg" in
    --server-cpus) server_cpus="${1:?--server-cpus needs a CPU list}"; shift ;;
    --phases) load_args+=(--phases "${1:?--phases needs a list}"); shift ;;
    --no-pin) pin=0 ;;
    --quick) quick="--quick" ;;
    --no-micro) micro=0 ;;
    --publish) publish=1 ;;
    --no-publish) publish=0 ;;
    --no-load) load=0 ;;
    --update-docs) update_docs=1 ;;
    *) echo "bench/run.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done

# Servers on one CPU, the load tool on the others, so neither takes the other's CPU time (taskset, from util-linux).
cpus=$(nproc --all)
tool_pin=()
if [ "$pin" = 1 ] && [ "$cpus" -ge 2 ] && command -v taskset >/dev/null; then
  server_cpus="${server_cpus:-$((cpus - 1))}"
  tool_pin=(taskset -c "0-$((cpus - 2))")
  load_args+=(--server-cpus "$server_cpus")
elif [ -n "$server_cpus" ]; then
  load_args+=(--server-cpus "$server_cpus")
fi

# EspWs serves wss:// once it has the Tls: keys (every key is documented); the TLS rows then compare both servers.
if grep -q 'Tls:CertificatePath' docs/configuration.md; then
  load_args+=(--espws-tls)
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# 5 000 client sockets in the load tool and as many in the server: raise the descriptor limit as far as allowed.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 6000 ]; then
  echo "bench/run.sh: warning: only $(ulimit -n) file descriptors; the 5 000-connection figures may fall short." >&2
fi

out=bench/out
mkdir -p "$out"

echo "== build (Release)"
# Only what runs here: the app, the reference, the load tool (and the micro-benchmarks when they run).
projects=(App/App.csproj bench/Reference/Reference.csproj bench/Load/Load.csproj)
[ "$micro" = 1 ] && projects+=(bench/Micro/Micro.csproj)
for project in "${projects[@]}"; do
  dotnet build "$project" -c Release -v quiet -nologo
done

aot_note="Native AOT: not published (--no-publish)."
if [ "$publish" = 1 ]; then
  echo "== publish EspWs: self-contained trimmed"
  rm -rf "$out/trimmed" "$out/trimmed-r2r" "$out/aot"
  dotnet publish App/App.csproj -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true -o "$out/trimmed" -v quiet -nologo
  # Trimming rewrites the framework's assemblies and drops their precompiled code; ReadyToRun puts it back.
  echo "== publish EspWs: self-contained trimmed + ReadyToRun"
  dotnet publish App/App.csproj -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true -p:PublishReadyToRun=true \
    -o "$out/trimmed-r2r" -v quiet -nologo
  echo "== publish EspWs: Native AOT"
  if ! command -v clang >/dev/null; then
    aot_note="Native AOT: not published: clang is missing (apt-get install clang)."
  elif dotnet publish App/App.csproj -c Release -r linux-x64 -p:PublishAot=true -o "$out/aot" -v quiet -nologo > "$out/aot-publish.log" 2>&1; then
    aot_note="Native AOT: published."
  else
    aot_note="Native AOT: publish failed; see $out/aot-publish.log."
  fi
  echo "$aot_note"
else
  # Not published in this run: the startup phase must not time an older build left in bench/out.
  load_args+=(--trimmed "" --trimmed-r2r "" --aot "")
fi

if [ "$micro" = 1 ]; then
  echo "== micro-benchmarks (BenchmarkDotNet)"
  rm -rf "$out/micro"
  dotnet bench/Micro/bin/Release/net10.0/EspWs.Bench.Micro.dll $quick --artifacts "$out/micro" --exporters github
  # One Markdown file with every benchmark class's table.
  cat "$out"/micro/results/*-report-github.md > "$out/micro.md"
fi

if [ "$load" = 1 ]; then
  echo "== load (EspWs vs Kestrel)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  "${tool_pin[@]}" dotnet bench/Load/bin/Release/net10.0/EspWs.Bench.Load.dll $quick "${load_args[@]}" --out "$out/load.md"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

if [ "$update_docs" = 1 ]; then
  # Replace what lies between the markers with this run's tables; the rest of the document is written by people.
  {
    echo "<!-- bench:begin (written by bench/run.sh --update-docs) -->"
    [ "$load" = 1 ] && cat "$out/load.md"
    if [ "$micro" = 1 ]; then
      echo; echo "### Micro-benchmarks (BenchmarkDotNet, in process)"; echo
      cat "$out/micro.md"
    fi
    echo "<!-- bench:end -->"
  } > "$out/tables.md"
  awk -v tables="$out/tables.md" '
    /<!-- bench:begin/ { while ((getline line < tables) > 0) print line; skip = 1; next }
    /<!-- bench:end -->/ { skip = 0; next }
    !skip { print }' docs/performance.md > "$out/performance.md"
  mv "$out/performance.md" docs/performance.md
  echo "docs/performance.md updated."
fi

echo "Tables: $([ "$load" = 1 ] && echo "$out/load.md ")$([ "$micro" = 1 ] && echo "$out/micro.md")"

#!/usr/bin/env bash
# The one benchmark command: builds Release, publishes EspWs trimmed and as Native AOT, runs the micro-benchmarks
# and the load tool (EspWs against the Kestrel reference, alternating), and writes the tables under bench/out/.
#
#   bench/run.sh                  full run (a few minutes; use a quiet machine for figures worth recording)
#   bench/run.sh --quick          short smoke run of every part
#   bench/run.sh --update-docs    also puts the tables into docs/performance.md, between its bench markers
#   bench/run.sh --no-micro --no-publish --no-load   skip a part
#   bench/run.sh --server-cpus 0,1   pin the servers to these CPUs (on a machine with more cores, run the whole
#                                    script under `taskset -c 2-3` so the load tool keeps to the others)
set -euo pipefail
cd "$(dirname "$0")/.."

quick="" micro=1 publish=1 load=1 update_docs=0 load_args=()
while [ $# -gt 0 ]; do
  arg="$1"
  shift
  case "$arg" in
    --server-cpus) load_args+=(--server-cpus "${1:?--server-cpus needs a CPU list}"); shift ;;
    --quick) quick="--quick" ;;
    --no-micro) micro=0 ;;
    --no-publish) publish=0 ;;
    --no-load) load=0 ;;
    --update-docs) update_docs=1 ;;
    *) echo "bench/run.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# 10 000 client sockets in the load tool and as many in the server: raise the descriptor limit as far as allowed.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 10600 ]; then
  echo "bench/run.sh: warning: only $(ulimit -n) file descriptors; the 10 000-connection figure may fall short." >&2
fi

out=bench/out
mkdir -p "$out"

echo "== build (Release)"
dotnet build EspWs.sln -c Release -v quiet -nologo

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
  dotnet bench/Load/bin/Release/net10.0/EspWs.Bench.Load.dll $quick "${load_args[@]}" --out "$out/load.md"
fi

if [ "$update_docs" = 1 ]; then
  # Replace what lies between the markers with this run's tables; the rest of the document is written by people.
  {
    echo "<!-- bench:begin (written by bench/run.sh --update-docs) -->"
    [ -f "$out/load.md" ] && cat "$out/load.md"
    if [ -f "$out/micro.md" ]; then
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

echo "Tables: $out/load.md, $out/micro.md"

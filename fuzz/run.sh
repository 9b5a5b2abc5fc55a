#!/usr/bin/env bash
# Fuzzes one harness with AFL++ for a number of seconds, at the lowest CPU priority:
#   fuzz/run.sh handshake|frames|utf8 SECONDS
# Findings go to fuzz/findings/TARGET (not committed); a second run resumes there.
set -euo pipefail
cd "$(dirname "$0")"

target=${1:-}
seconds=${2:-}
case "$target" in
    handshake|frames|utf8) ;;
    *) echo "usage: fuzz/run.sh handshake|frames|utf8 SECONDS" >&2; exit 2 ;;
esac
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
    echo "usage: fuzz/run.sh handshake|frames|utf8 SECONDS" >&2; exit 2
fi
if ! command -v afl-fuzz >/dev/null; then
    echo "afl-fuzz not found: apt-get install -y afl++" >&2; exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
build=.build/harness
dotnet tool restore >/dev/null
dotnet publish Harness -c Release -o "$build" --nologo -v quiet
# Only the protocol library is instrumented: coverage is our code's branches, not the harness's or the BCL's.
# A dll left instrumented by an earlier run (publish copies only what changed) is fine as it is.
if ! instrumented=$(dotnet tool run sharpfuzz "$build/EspWs.Fuzz.Protocol.dll" 2>&1) \
        && ! grep -q "already instrumented" <<<"$instrumented"; then
    echo "$instrumented" >&2; exit 1
fi

findings=findings/$target
mkdir -p findings
# AFL_SKIP_BIN_CHECK: `dotnet` carries no AFL marker. AFL_NO_AFFINITY: do not pin a core on a shared machine.
# AFL_AUTORESUME: continue an earlier run's queue. AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES / AFL_SKIP_CPUFREQ:
# containers often pipe core dumps elsewhere and hide the CPU governor; neither matters to a managed target.
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_AUTORESUME=1 \
AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 \
    nice -n 19 afl-fuzz -i "corpus/$target" -o "$findings" -t 10000 -m none -x ws.dict -V "$seconds" \
    -- dotnet "$build/EspWs.Fuzz.Harness.dll" "$target" > "$findings.log" 2>&1 || {
        echo "afl-fuzz failed; its output:" >&2; tail -40 "$findings.log" >&2; exit 1; }

stats=$findings/default/fuzzer_stats
echo "$target: $(grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|stability|bitmap_cvg) ' "$stats" \
    | awk '{printf "%s=%s ", $1, $3}')"
crashes=$(find "$findings/default/crashes" "$findings/default/hangs" -name 'id:*' 2>/dev/null | wc -l)
if [ "$crashes" -gt 0 ]; then
    echo "$target: $crashes crash/hang inputs; replay them with:"
    echo "  dotnet fuzz/$build/EspWs.Fuzz.Harness.dll replay $target fuzz/$findings/default/crashes fuzz/$findings/default/hangs"
    exit 1
fi

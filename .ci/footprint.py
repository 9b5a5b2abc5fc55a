#!/usr/bin/env python3
"""Measures a published EspWs binary's footprint on the simulated board with its Wi-Fi join at zero: the executable's
size, the time from process start to its 'Listening on' line, and its resident memory once idle (docs/performance.md,
"Device build footprint (Native AOT)"). Prints the medians over several starts, each against issue 14's target. With
--check, exits 1 when the size or the idle RSS exceeds its target; the start time is reported, never enforced, because
it depends on the machine's load. --size-only measures the size alone, for a binary this machine runs only under
emulation (the Pi's), whose times and memory say nothing about a Pi.
Usage: footprint.py [--runs N] [--check] [--size-only] PATH/TO/EspWs.App"""
import argparse
import os
import statistics
import time

from smoke import SmokeFailure, start_app

SIZE_TARGET_MB = 15
RSS_TARGET_MIB = 25
START_TARGET_MS = 150
# Long enough for start-up's last allocations and the first timers to have run.
IDLE_SECONDS = 2


def resident_kib(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise SmokeFailure(f"no VmRSS for process {pid}")


def cpu_ms(pid):
    # utime and stime, fields 14 and 15 of /proc/PID/stat, in clock ticks; the name (field 2) may hold spaces.
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def one_start(binary):
    started = time.monotonic()
    app, _ = start_app(binary, [], ["--Board:Simulated:WiFiJoinDelay=0"], 30)
    try:
        listening_ms = (time.monotonic() - started) * 1000
        listening_cpu_ms = cpu_ms(app.popen.pid)
        time.sleep(IDLE_SECONDS)
        rss_mib = resident_kib(app.popen.pid) / 1024
        app.terminate()
        if app.exit_code() != 0:
            raise SmokeFailure(f"exit code {app.popen.returncode} after SIGTERM:\n{app.output()}")
        return listening_ms, rss_mib, listening_cpu_ms
    finally:
        app.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="fail when the size or the idle RSS misses its target")
    parser.add_argument("--size-only", action="store_true", help="measure the executable's size only, without running it")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)

    size_mb = os.path.getsize(binary) / 1_000_000
    size_line = f"  executable          {size_mb:6.1f} MB   target <= {SIZE_TARGET_MB} MB   {'met' if size_mb <= SIZE_TARGET_MB else 'MISSED'}"
    if args.size_only:
        print(f"footprint of {binary}:")
        print(size_line)
        if args.check and size_mb > SIZE_TARGET_MB:
            raise SystemExit(f"footprint: FAILED: the executable is over {SIZE_TARGET_MB} MB")
        return
    # The first start also reads the binary from disk; it is measured, not counted.
    one_start(binary)
    starts, rss, cpu = zip(*(one_start(binary) for _ in range(args.runs)))
    start_ms, rss_mib = statistics.median(starts), statistics.median(rss)
    load = os.getloadavg()[0]

    print(f"footprint of {binary} ({args.runs} starts, median; load average {load:.1f}):")
    print(size_line)
    print(f"  start to listening  {start_ms:6.0f} ms   target <= {START_TARGET_MS} ms  {'met' if start_ms <= START_TARGET_MS else 'missed'}"
          f"   (range {min(starts):.0f}-{max(starts):.0f} ms)")
    # CPU time depends far less on other work on the machine than the wall-clock time does; ticks are 10 ms, so the mean.
    print(f"  CPU to listening    {statistics.mean(cpu):6.0f} ms   (user + system, mean; far less sensitive to the machine's load)")
    print(f"  idle RSS            {rss_mib:6.1f} MiB  target <= {RSS_TARGET_MIB} MiB  {'met' if rss_mib <= RSS_TARGET_MIB else 'MISSED'}"
          f"   (range {min(rss):.1f}-{max(rss):.1f} MiB)")
    if args.check and (size_mb > SIZE_TARGET_MB or rss_mib > RSS_TARGET_MIB):
        raise SystemExit(f"footprint: FAILED: the executable is over {SIZE_TARGET_MB} MB or its idle RSS over {RSS_TARGET_MIB} MiB")


if __name__ == "__main__":
    main()

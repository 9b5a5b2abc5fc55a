#!/usr/bin/env python3
"""Smoke test of a published EspWs binary on the simulated board: it starts, serves its embedded control page and
/status, answers two WebSocket handshakes, echoes, tells both clients of an ON, and on SIGTERM closes both with 1001
and exits 0. Standard library only.
Usage: published-smoke.py [--runner "qemu-aarch64 -L /"] [--start-timeout SECONDS] PATH/TO/EspWs.App"""
import argparse
import os
import shlex

from smoke import Client, SmokeFailure, http_get, led_state, run, start_app, status


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--runner", default="", help="a command the binary runs under, e.g. an emulator")
    parser.add_argument("--start-timeout", type=float, default=60)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    runner = shlex.split(args.runner)

    def check(processes):
        app, port = start_app(binary, runner, [], args.start_timeout)
        processes.append(app)

        # The control page is embedded in the binary: it must still load.
        line, page = http_get(port, "/")
        if not line.startswith("HTTP/1.1 200") or b"<title>EspWs</title>" not in page:
            raise SmokeFailure(f"the control page did not load: {line!r} {page[:200]!r}")

        first, second = Client(port), Client(port)
        first.send_text("hello from CI")
        first.expect(0x1, b"hello from CI", "the text message was not echoed")
        first.send_text("ON")
        first.expect(0x1, b"ON", "ON was not echoed")
        first.expect(0x1, led_state(True, 1), "the sender was not told the LED is on")
        second.expect(0x1, led_state(True, 1), "the other client was not told the LED is on")

        device = status(port)
        if device.get("board") != "simulated" or {k: device.get("led", {}).get(k) for k in ("on", "brightness", "seq")} != {"on": True, "brightness": 100, "seq": 1} or device.get("clients") != 2:
            raise SmokeFailure(f"/status does not show the lit LED and the two clients: {device}")

        app.terminate()
        first.expect_close(1001, "the first client was not closed with 1001 (going away) on SIGTERM")
        second.expect_close(1001, "the second client was not closed with 1001 (going away) on SIGTERM")
        code = app.exit_code()
        if code != 0:
            raise SmokeFailure(f"exit code {code} after SIGTERM")
        first.close()
        second.close()
        where = f" under {args.runner}" if runner else ""
        return f"control page, /status, two handshakes, echo, ON to both, SIGTERM (1001 to both, exit 0) ok{where} on port {port}"

    run("published app", check)


if __name__ == "__main__":
    main()

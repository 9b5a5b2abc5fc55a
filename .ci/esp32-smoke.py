#!/usr/bin/env python3
"""Smoke test of a published EspWs binary on the esp32 board, linked over TCP to the Firmata emulator running as its own
process: the board starts through Iot.Device.Arduino, ON and OFF from a WebSocket client reach the emulated LED pin
(GPIO2), and SIGTERM ends the app with exit 0. Standard library only.
Usage: esp32-smoke.py --emulator "dotnet PATH/EspWs.FirmataEmulator.dll" [--runner CMD] PATH/TO/EspWs.App"""
import argparse
import os
import shlex

from smoke import Client, Process, SmokeFailure, led_state, run, start_app, status

# The DevKitC's onboard LED, Led:Pin OnboardLed on the esp32 board (docs/boards.md).
LED_PIN = 2
PIN_TIMEOUT = 10


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--emulator", required=True, help="the command that starts tools/FirmataEmulator")
    parser.add_argument("--runner", default="", help="a command the binary runs under, e.g. an emulator")
    parser.add_argument("--start-timeout", type=float, default=60)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)

    def check(processes):
        emulator = Process(shlex.split(args.emulator) + ["--exit-after", "300"])
        processes.append(emulator)
        link = emulator.wait_for_line(r"listening on (tcp:127\.0\.0\.1:\d+)", 30, "the Firmata emulator did not listen").group(1)

        app, port = start_app(binary, shlex.split(args.runner), ["--Board:Name=esp32", f"--Board:Esp32:Link={link}"],
                              args.start_timeout)
        processes.append(app)
        if status(port).get("board") != "esp32":
            raise SmokeFailure("/status does not name the esp32 board")

        client = Client(port)
        client.send_text("ON")
        client.expect(0x1, b"ON", "ON was not echoed")
        client.expect(0x1, led_state(True, 1), "the client was not told the LED is on")
        # The LED is a digital output ("high") or, where the app dims it, a PWM output ("pwm VALUE", 0 to 255).
        emulator.wait_for_line(rf"^pin {LED_PIN} (high|pwm [1-9]\d*)$", PIN_TIMEOUT, f"ON did not light the emulated GPIO{LED_PIN}")
        client.send_text("OFF")
        client.expect(0x1, b"OFF", "OFF was not echoed")
        client.expect(0x1, led_state(False, 2), "the client was not told the LED is off")
        emulator.wait_for_line(rf"^pin {LED_PIN} (low|pwm 0)$", PIN_TIMEOUT, f"OFF did not put out the emulated GPIO{LED_PIN}")

        app.terminate()
        client.expect_close(1001, "the client was not closed with 1001 (going away) on SIGTERM")
        code = app.exit_code()
        if code != 0:
            raise SmokeFailure(f"exit code {code} after SIGTERM")
        client.close()
        return f"esp32 board over {link}: ON and OFF reached the emulated GPIO{LED_PIN}, SIGTERM exit 0"

    run("published app on the esp32 board", check)


if __name__ == "__main__":
    main()

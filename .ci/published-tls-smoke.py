#!/usr/bin/env python3
"""Smoke test of a published EspWs binary over TLS: it makes its own certificate (--generate-certificate), then
serves its embedded control page over https://, answers a wss:// handshake, echoes, switches the LED, and stops with
exit code 0 on SIGTERM. Standard library only. (published-smoke.py covers the plain listener.)
Usage: published-tls-smoke.py PATH/TO/EspWs.App"""
import argparse
import os
import ssl
import struct
import subprocess
import tempfile

from smoke import Client, SmokeFailure, http_get, led_state, run, start_app

START_TIMEOUT = 60


def make_certificate(binary, folder):
    """Runs --generate-certificate into folder; returns an ssl context that trusts that certificate, and the app's keys."""
    made = subprocess.run([binary, "--generate-certificate", folder, "--force"], cwd=os.path.dirname(binary),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=START_TIMEOUT)
    certificate, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    if made.returncode != 0 or "SHA-256 fingerprint:" not in made.stdout or not os.path.isfile(key):
        raise SmokeFailure(f"--generate-certificate exited with {made.returncode}:\n{made.stdout}")
    context = ssl.create_default_context(cafile=certificate)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context, [f"--Tls:CertificatePath={certificate}", f"--Tls:KeyPath={key}"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    binary = os.path.abspath(parser.parse_args().binary)

    def check(processes):
        with tempfile.TemporaryDirectory() as folder:
            tls, keys = make_certificate(binary, folder)
            app, port = start_app(binary, [], keys, START_TIMEOUT, scheme="wss")
            processes.append(app)
            if "(control page: https://" not in app.log[-1]:
                raise SmokeFailure(f"the listening line does not give the control page's https:// address: {app.log[-1]!r}")

            # The control page is embedded in the binary: it must still load, over TLS.
            line, page = http_get(port, "/", tls)
            if not line.startswith("HTTP/1.1 200") or b"<title>EspWs</title>" not in page:
                raise SmokeFailure(f"the control page did not load: {line!r} {page[:200]!r}")

            client = Client(port, tls)
            client.send_text("hello from CI")
            client.expect(0x1, b"hello from CI", "the text message was not echoed")
            client.send_text("ON")
            client.expect(0x1, b"ON", "ON was not echoed")
            client.expect(0x1, led_state(True, 1), "the sender was not told the LED is on")
            client.send(0x8, struct.pack(">H", 1000))
            if client.read()[0] != 0x8:
                raise SmokeFailure("the close frame was not answered")
            client.close()

            app.terminate()
            code = app.exit_code()
            if code != 0:
                raise SmokeFailure(f"exit code {code} after SIGTERM")
            return f"control page, handshake, echo, ON and SIGTERM (exit 0) ok over wss:// on port {port}"

    run("published app", check)


if __name__ == "__main__":
    main()

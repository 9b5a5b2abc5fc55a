#!/usr/bin/env python3
"""Smoke test of a published EspWs binary over TLS: it makes its own certificate (--generate-certificate), then
serves its embedded control page over https://, answers a wss:// handshake, echoes, switches the LED, and stops with
exit code 0 on SIGTERM. Standard library only. (published-smoke.py covers the plain listener.)
Usage: published-tls-smoke.py PATH/TO/EspWs.App"""
import base64
import hashlib
import os
import queue
import re
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
START_TIMEOUT = 60
IO_TIMEOUT = 10
STOP_TIMEOUT = 30


def fail(message, log=None):
    print(f"published app: FAILED: {message}")
    if log:
        print("--- app output ---")
        print("".join(log))
    sys.exit(1)


def read_exactly(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError("the server closed the connection")
        data += chunk
    return data


def send_frame(sock, opcode, payload):
    # RFC 6455 §5.2: a client frame is masked; payloads here are under 126 bytes.
    mask = os.urandom(4)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    sock.sendall(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)


def read_frame(sock):
    first, second = read_exactly(sock, 2)
    length = second & 0x7F
    if length == 126:
        length = struct.unpack(">H", read_exactly(sock, 2))[0]
    elif length == 127:
        length = struct.unpack(">Q", read_exactly(sock, 8))[0]
    return first & 0x0F, read_exactly(sock, length)


def main():
    if len(sys.argv) != 2:
        fail("usage: published-tls-smoke.py PATH/TO/EspWs.App")
    binary = os.path.abspath(sys.argv[1])
    if not os.path.isfile(os.path.join(os.path.dirname(binary), "app.config.yaml")):
        fail("app.config.yaml is not beside the published binary")
    with tempfile.TemporaryDirectory() as folder:
        made = subprocess.run([binary, "--generate-certificate", folder, "--force"], cwd=os.path.dirname(binary),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=START_TIMEOUT)
        certificate, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
        if made.returncode != 0 or "SHA-256 fingerprint:" not in made.stdout or not os.path.isfile(key):
            fail(f"--generate-certificate exited with {made.returncode}", [made.stdout])
        context = ssl.create_default_context(cafile=certificate)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        serve(binary, [f"--Tls:CertificatePath={certificate}", f"--Tls:KeyPath={key}"], context)


def serve(binary, extra, tls):
    """Starts the app, checks page, handshake, echo, ON and SIGTERM; over TLS when given an ssl context."""
    scheme, page_scheme = ("wss", "https") if tls else ("ws", "http")

    def connect(port):
        sock = socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT)
        # The certificate names 127.0.0.1 among its addresses, so the host check passes as a browser's would.
        return tls.wrap_socket(sock, server_hostname="127.0.0.1") if tls else sock
    # Port 0: the OS picks a free port, which the app logs.
    app = subprocess.Popen([binary, "--Server:Port=0", "--Server:BindAddress=127.0.0.1", *extra], cwd=os.path.dirname(binary),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log, lines = [], queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in app.stdout], daemon=True).start()
    try:
        port = None
        deadline = time.monotonic() + START_TIMEOUT
        while port is None:
            try:
                line = lines.get(timeout=0.2)
            except queue.Empty:
                if app.poll() is not None:
                    fail(f"the app exited with {app.returncode} before listening", log)
                if time.monotonic() > deadline:
                    fail(f"no 'Listening on' line within {START_TIMEOUT} s", log)
                continue
            log.append(line)
            match = re.search(rf"Listening on {scheme}://127\.0\.0\.1:(\d+)/ \(control page: {page_scheme}://", line)
            port = int(match.group(1)) if match else None

        # The control page is embedded in the single file: it must still load.
        with connect(port) as sock:
            sock.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            page = b""
            while chunk := sock.recv(65536):
                page += chunk
            if not page.startswith(b"HTTP/1.1 200") or b"<title>EspWs</title>" not in page:
                fail(f"the control page did not load: {page[:200]!r}", log)

        with connect(port) as sock:
            key = base64.b64encode(os.urandom(16)).decode()
            sock.sendall((f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
            head = b""
            while b"\r\n\r\n" not in head:
                head += read_exactly(sock, 1)
            accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
            if not head.startswith(b"HTTP/1.1 101") or f"Sec-WebSocket-Accept: {accept}".encode() not in head:
                fail(f"bad handshake answer: {head!r}", log)

            send_frame(sock, 0x1, b"hello from CI")
            if read_frame(sock) != (0x1, b"hello from CI"):
                fail("the text message was not echoed", log)
            send_frame(sock, 0x1, b"ON")
            echo, state = read_frame(sock), read_frame(sock)
            if echo != (0x1, b"ON") or state != (0x1, b'{"type":"led","on":true,"seq":1}'):
                fail(f"ON was answered with {echo!r} then {state!r}", log)
            send_frame(sock, 0x8, struct.pack(">H", 1000))
            if read_frame(sock)[0] != 0x8:
                fail("the close frame was not answered", log)

        app.send_signal(signal.SIGTERM)
        try:
            code = app.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            fail(f"still running {STOP_TIMEOUT} s after SIGTERM", log)
        if code != 0:
            fail(f"exit code {code} after SIGTERM", log)
        print(f"published app: control page, handshake, echo, ON and SIGTERM (exit 0) ok over {scheme}:// on port {port}")
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()


if __name__ == "__main__":
    main()

"""What the smoke runs of a published EspWs binary share: starting it (natively or under an emulator) and waiting for
its listening line, a minimal HTTP and RFC 6455 client over plain TCP or TLS, and the stop by SIGTERM. Standard library
only."""
import atexit
import base64
import hashlib
import json
import os
import queue
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
IO_TIMEOUT = 10
STOP_TIMEOUT = 30


class SmokeFailure(Exception):
    """A check failed; the message says which."""


class Process:
    """A program started with its output collected line by line, so a run can wait for a line and show the log."""

    def __init__(self, argv, cwd=None):
        self.argv = argv
        self.popen = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.log = []
        self._lines = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.popen.stdout:
            self._lines.put(line)

    def wait_for_line(self, pattern, timeout, what):
        """Returns the match of the first line matching pattern; fails when the program exits or time runs out."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._lines.get(timeout=0.05)
            except queue.Empty:
                if self.popen.poll() is not None and self._lines.empty():
                    raise SmokeFailure(f"{what}: {os.path.basename(self.argv[-1])} exited with {self.popen.returncode} first")
                if time.monotonic() > deadline:
                    raise SmokeFailure(f"{what}: not within {timeout} s")
                continue
            self.log.append(line)
            match = re.search(pattern, line)
            if match:
                return match

    def terminate(self):
        """Asks the program to stop, as systemd does."""
        self.popen.send_signal(signal.SIGTERM)

    def exit_code(self):
        """The exit code; fails if the program is still running STOP_TIMEOUT seconds later."""
        try:
            return self.popen.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise SmokeFailure(f"still running {STOP_TIMEOUT} s after SIGTERM") from None

    def output(self):
        """Every line the program wrote so far."""
        while not self._lines.empty():
            self.log.append(self._lines.get())
        return "".join(self.log)

    def kill(self):
        if self.popen.poll() is None:
            self.popen.kill()
            self.popen.wait()


def start_app(binary, runner, extra_args, start_timeout, scheme="ws"):
    """Starts the published app on a free loopback port; returns the process and the port it logged for scheme."""
    if not os.path.isfile(os.path.join(os.path.dirname(binary), "app.config.yaml")):
        raise SmokeFailure("app.config.yaml is not beside the published binary")
    # Each run keeps the LED's last state in a folder of its own, so it starts from an LED never commanded (seq 0),
    # whatever runs came before it beside the same binary.
    state = tempfile.mkdtemp(prefix="espws-smoke-state-")
    atexit.register(shutil.rmtree, state, True)
    # Port 0: the OS picks a free port, which the app logs.
    app = Process(runner + [binary, "--Server:Port=0", "--Server:BindAddress=127.0.0.1", f"--State:Directory={state}"]
                  + extra_args, cwd=os.path.dirname(binary))
    match = app.wait_for_line(rf"Listening on {scheme}://127\.0\.0\.1:(\d+)/", start_timeout, "no 'Listening on' line")
    return app, int(match.group(1))


def connect(port, tls=None):
    """A connection to the app on loopback, over TLS when given an ssl.SSLContext."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT)
    # A certificate from --generate-certificate names 127.0.0.1, so the host check passes as a browser's would.
    return tls.wrap_socket(sock, server_hostname="127.0.0.1") if tls else sock


def http_get(port, path, tls=None):
    """One HTTP/1.1 GET; returns the status line and the body."""
    with connect(port, tls) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return head.split(b"\r\n", 1)[0].decode(), body


def status(port):
    """GET /status, parsed."""
    line, body = http_get(port, "/status")
    if not line.startswith("HTTP/1.1 200"):
        raise SmokeFailure(f"/status answered {line!r}")
    return json.loads(body)


class Client:
    """A WebSocket client that has completed the opening handshake (RFC 6455 §4)."""

    def __init__(self, port, tls=None):
        self.sock = connect(port, tls)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self._read_exactly(1)
        accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        if not head.startswith(b"HTTP/1.1 101") or f"Sec-WebSocket-Accept: {accept}".encode() not in head:
            raise SmokeFailure(f"bad handshake answer: {head!r}")

    def _read_exactly(self, count):
        data = b""
        while len(data) < count:
            chunk = self.sock.recv(count - len(data))
            if not chunk:
                raise SmokeFailure("the server closed the connection")
            data += chunk
        return data

    def send(self, opcode, payload):
        # RFC 6455 §5.2: a client frame is masked; payloads here are under 126 bytes.
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)

    def send_text(self, text):
        self.send(0x1, text.encode())

    def read(self):
        """The next frame's opcode and payload."""
        first, second = self._read_exactly(2)
        length = second & 0x7F
        if length == 126:
            length = struct.unpack(">H", self._read_exactly(2))[0]
        elif length == 127:
            length = struct.unpack(">Q", self._read_exactly(8))[0]
        return first & 0x0F, self._read_exactly(length)

    def expect(self, opcode, payload, what):
        frame = self.read()
        if frame != (opcode, payload):
            raise SmokeFailure(f"{what}: got {frame!r}")

    def expect_close(self, code, what):
        """The next frame is a close frame with this code (RFC 6455 §5.5.1); it is answered, as §5.5.1 asks."""
        opcode, payload = self.read()
        if opcode != 0x8 or len(payload) < 2 or struct.unpack(">H", payload[:2])[0] != code:
            raise SmokeFailure(f"{what}: got opcode {opcode} with {payload!r}, not a close with {code}")
        self.send(0x8, payload[:2])

    def close(self):
        self.sock.close()


def led_state(on, seq, brightness=100):
    return f'{{"type":"led","on":{"true" if on else "false"},"brightness":{brightness},"seq":{seq}}}'.encode()


def run(name, check):
    """Runs check(processes) and exits 0 with its summary, or 1 with the reason and the programs' output."""
    processes = []
    try:
        summary = check(processes)
    except (SmokeFailure, OSError, ValueError) as failure:
        print(f"{name}: FAILED: {failure}")
        for process in processes:
            print(f"--- output of {' '.join(process.argv)} ---")
            print(process.output())
        sys.exit(1)
    finally:
        for process in processes:
            process.kill()
    print(f"{name}: {summary}")


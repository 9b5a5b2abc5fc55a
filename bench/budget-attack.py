#!/usr/bin/env python3
"""The message-budget attack of issue 18, against a running EspWs on loopback, with the figures it leaves.

Sixteen connections from 127.0.0.2-5 (four each) begin a binary message just under 1 MiB, send 960 KiB of it and
go silent. Then a fresh client from 127.0.0.6 sends the text `ping` and `ON`; the script prints how long each took
to be answered, the server's resident memory before and at its peak, and how and when the silent connections were
closed. Loopback only; it stops by itself.

    dotnet run -c Release --project App &      # the default configuration, port 9998
    python3 bench/budget-attack.py --pid $(pgrep -n -f EspWs.App)
"""
import argparse
import base64
import os
import socket
import struct
import threading
import time

MESSAGE = 1024 * 1024 - 1024
SENT = 960 * 1024


def handshake(port, source):
    s = socket.socket()
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(4096)
        if not chunk:
            raise ConnectionError("closed during the handshake")
        head += chunk
    if b" 101 " not in head.split(b"\r\n")[0]:
        raise ConnectionError(head.split(b"\r\n")[0].decode())
    return s


def header(opcode, length):
    first = bytes([0x80 | opcode])
    if length < 126:
        return first + bytes([0x80 | length]) + b"\0\0\0\0"
    if length < 65536:
        return first + bytes([0x80 | 126]) + struct.pack(">H", length) + b"\0\0\0\0"
    return first + bytes([0x80 | 127]) + struct.pack(">Q", length) + b"\0\0\0\0"


def read_frame(s):
    def exactly(n):
        data = b""
        while len(data) < n:
            chunk = s.recv(n - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data

    b0, b1 = exactly(2)
    length = b1 & 0x7F
    if length == 126:
        length = struct.unpack(">H", exactly(2))[0]
    elif length == 127:
        length = struct.unpack(">Q", exactly(8))[0]
    return b0 & 0x0F, exactly(length)


def rss(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def attacker(port, source, closes, start):
    try:
        s = handshake(port, source)
        s.sendall(header(2, MESSAGE) + bytes(SENT))
        while True:
            opcode, payload = read_frame(s)
            if opcode == 8:
                code = struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else 1005
                closes.append((code, time.monotonic() - start))
                return
    except (ConnectionError, OSError):
        closes.append(("tcp", time.monotonic() - start))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=9998)
    parser.add_argument("--pid", type=int, required=True, help="the server's process id, for its resident memory")
    parser.add_argument("--wait", type=float, default=60, help="seconds to wait for an answer")
    args = parser.parse_args()

    before = rss(args.pid)
    peak = before
    start = time.monotonic()
    closes = []
    for i in range(16):
        threading.Thread(target=attacker, args=(args.port, f"127.0.0.{2 + i % 4}", closes, start), daemon=True).start()
    time.sleep(2)

    fresh = handshake(args.port, "127.0.0.6")
    fresh.settimeout(args.wait)
    for text in ("ping", "ON"):
        sent = time.monotonic()
        fresh.sendall(header(1, len(text)) + text.encode())
        try:
            while True:
                opcode, payload = read_frame(fresh)
                if opcode == 1 and (payload == b"ping" if text == "ping" else b'"on":true' in payload.replace(b" ", b"")):
                    break
            print(f"{text}: answered after {time.monotonic() - sent:.3f} s")
        except socket.timeout:
            print(f"{text}: no answer within {args.wait:.0f} s")
        peak = max(peak, rss(args.pid))

    deadline = time.monotonic() + args.wait
    while len(closes) < 16 and time.monotonic() < deadline:
        peak = max(peak, rss(args.pid))
        time.sleep(0.1)
    fresh.sendall(header(8, 2) + struct.pack(">H", 1000))
    print(f"RSS: before {before / 2**20:.1f} MiB, peak {peak / 2**20:.1f} MiB, growth {(peak - before) / 2**20:.1f} MiB")
    codes = sorted(str(code) for code, _ in closes)
    times = sorted(t for _, t in closes)
    if times:
        print(f"silent connections closed: {len(closes)} of 16 (codes {', '.join(sorted(set(codes)))}), "
              f"first after {times[0]:.1f} s, last after {times[-1]:.1f} s")
    else:
        print(f"silent connections closed: none within {args.wait:.0f} s")


if __name__ == "__main__":
    main()

"""A minimal RFC 6455 client for the CTI WebSocket (/api/v1/ws, docs/cti.md), enough for the tests:
the upgrade with a bearer token, masked text frames out, text/ping/close frames in. No dependency
beyond the standard library (the Debian python3-websocket package is not on every python the
tests may run under).

Frames that arrive while a test waits for something else are kept in order, so no event is lost
between a command and its reply.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import struct
import time

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class UpgradeRefused(Exception):
    def __init__(self, status: int, body: str):
        super().__init__(f"upgrade refused: HTTP {status} {body}")
        self.status = status
        self.body = body


def upgrade_status(port: int, token: str | None = None, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """Tries the upgrade and returns (HTTP status, body); 101 means the socket opened (then closed)."""
    try:
        socket_ = CtiSocket(port, token, headers)
    except UpgradeRefused as refused:
        return refused.status, refused.body
    socket_.close()
    return 101, ""


class CtiSocket:
    """One WebSocket to the server. Thread: the test's."""

    def __init__(self, port: int, token: str | None = None, headers: dict[str, str] | None = None,
                 timeout_s: float = 5.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout_s)
        self.buffer = b""
        self.backlog: list[dict] = []  # frames read but not yet asked for
        self.close_code: int | None = None
        self.close_reason = ""
        self.closed = False
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [f"GET /api/v1/ws HTTP/1.1", f"Host: 127.0.0.1:{port}", "Upgrade: websocket",
                 "Connection: Upgrade", f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"]
        if token:
            lines.append(f"Authorization: Bearer {token}")
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        status, response_headers, body = self._read_http_response()
        if status != 101:
            self.sock.close()
            raise UpgradeRefused(status, body)
        expected = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        if response_headers.get("sec-websocket-accept") != expected:
            raise AssertionError("the server's Sec-WebSocket-Accept is wrong")

    # -- HTTP upgrade
    def _read_http_response(self) -> tuple[int, dict[str, str], str]:
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise AssertionError("the server closed during the upgrade")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode(errors="replace").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        body = b""
        if status != 101:
            length = int(headers.get("content-length", "0"))
            while len(self.buffer) < length:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                self.buffer += chunk
            body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, headers, body.decode(errors="replace")

    # -- frames
    def _send_frame(self, opcode: int, payload: bytes) -> None:
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send_text(self, text: str) -> None:
        self._send_frame(0x1, text.encode())

    def send_binary(self, data: bytes) -> None:
        self._send_frame(0x2, data)

    def send(self, message: dict) -> None:
        self.send_text(json.dumps(message))

    def _read_exact(self, n: int, deadline: float) -> bytes | None:
        while len(self.buffer) < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return None
            except OSError:
                chunk = b""
            if not chunk:
                self.closed = True
                return None
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _read_frame(self, deadline: float) -> dict | None:
        """The next text frame as JSON; None on timeout or when the socket closed (close_code set)."""
        message = b""
        while not self.closed:
            head = self._read_exact(2, deadline)
            if head is None:
                return None
            fin, opcode, n = head[0] & 0x80, head[0] & 0x0F, head[1] & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read_exact(2, deadline) or b"\0\0")[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read_exact(8, deadline) or b"\0" * 8)[0]
            payload = self._read_exact(n, deadline) if n else b""
            if payload is None:
                return None
            if opcode == 0x8:  # close: answer it and stop
                self.close_code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                self.close_reason = payload[2:].decode(errors="replace")
                try:
                    self._send_frame(0x8, payload[:2])
                except OSError:
                    pass
                self.closed = True
                return None
            if opcode == 0x9:  # ping
                self._send_frame(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            message += payload
            if fin:
                return json.loads(message.decode())
        return None

    # -- what tests use
    def next(self, timeout_s: float = 5.0) -> dict | None:
        if self.backlog:
            return self.backlog.pop(0)
        return self._read_frame(time.monotonic() + timeout_s)

    def wait_for(self, predicate, timeout_s: float = 5.0) -> dict | None:
        """The first frame (kept or new) matching `predicate`; the others stay kept, in order."""
        for i, frame in enumerate(self.backlog):
            if predicate(frame):
                return self.backlog.pop(i)
        deadline = time.monotonic() + timeout_s
        while True:
            frame = self._read_frame(deadline)
            if frame is None:
                return None
            if predicate(frame):
                return frame
            self.backlog.append(frame)

    def event(self, name: str, timeout_s: float = 5.0, where=None) -> dict | None:
        return self.wait_for(lambda f: f.get("event") == name and (where is None or where(f["data"])), timeout_s)

    def command(self, request_id: str, cmd: str, args: dict | None = None, timeout_s: float = 5.0) -> dict:
        message = {"id": request_id, "cmd": cmd}
        if args is not None:
            message["args"] = args
        self.send(message)
        reply = self.wait_for(lambda f: "event" not in f and f.get("id") == request_id, timeout_s)
        if reply is None:
            raise AssertionError(f"no reply to {cmd} ({request_id}) within {timeout_s} s; "
                                 f"close {self.close_code} {self.close_reason!r}")
        return reply

    def wait_closed(self, timeout_s: float = 5.0) -> int | None:
        """Reads until the server closes; the close code (None if it did not close in time)."""
        deadline = time.monotonic() + timeout_s
        while not self.closed and time.monotonic() < deadline:
            frame = self._read_frame(deadline)
            if frame is not None:
                self.backlog.append(frame)
        return self.close_code if self.closed else None

    def close(self) -> None:
        try:
            if not self.closed:
                self._send_frame(0x8, struct.pack("!H", 1000))
        except OSError:
            pass
        self.sock.close()
        self.closed = True

"""Malformed SIP must not hurt Hotline: raw datagrams and TCP streams from python sockets.

Each broken message gets either a 400-class answer (400, or the RFC 3261 codes 505 Version Not
Supported, 413/513 for oversized messages where they fit) or no answer within 1 s, and the server stays
up; what each case got is printed as a table. Afterwards a full authenticated call with RTP still
completes and /api/v1/health is 200. A well-formed raw OPTIONS is the control that proves the
raw sender itself is right.
"""

import random
import socket
import sys
import time
import unittest
import uuid

from harness import LOCALHOST, ServerTestCase, media_address

ANSWER_WAIT_S = 1.0


def options(sip_port, local_port, transport="UDP", *, via=None, call_id=True, cseq=True,
            version="SIP/2.0", content_length="0", body="", extra_headers=()):
    """An OPTIONS request, well-formed unless told to break one part of it."""
    branch = "z9hG4bK-itest-" + uuid.uuid4().hex[:12]
    lines = [f"OPTIONS sip:{LOCALHOST}:{sip_port} {version}",
             via or f"Via: SIP/2.0/{transport} {LOCALHOST}:{local_port};branch={branch};rport",
             "Max-Forwards: 70",
             f"From: <sip:probe@{LOCALHOST}:{local_port}>;tag={uuid.uuid4().hex[:8]}",
             f"To: <sip:{LOCALHOST}:{sip_port}>"]
    if call_id:
        lines.append(f"Call-ID: {uuid.uuid4().hex}@itest")
    if cseq:
        lines.append("CSeq: 1 OPTIONS")
    lines += ["Accept: application/sdp", *extra_headers]
    if content_length is not None:
        lines.append(f"Content-Length: {content_length}")
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()


def status_of(data):
    if data and data.startswith(b"SIP/2.0 "):
        return int(data[8:11])
    return None


class MalformedTest(ServerTestCase):

    def udp_exchange(self, server, build):
        """Sends one datagram built for our source port; returns the first answer or None."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.bind((LOCALHOST, 0))
            sock.settimeout(ANSWER_WAIT_S)
            sock.sendto(build(sock.getsockname()[1]), (LOCALHOST, server.sip_port))
            deadline = time.monotonic() + ANSWER_WAIT_S
            while time.monotonic() < deadline:
                try:
                    data, _ = sock.recvfrom(65535)
                except socket.timeout:
                    return None
                if status_of(data) != 100:  # a 100 Trying is not the answer
                    return data
            return None
        finally:
            sock.close()

    def tcp_exchange(self, server, payload, read_s=ANSWER_WAIT_S):
        """Sends `payload` on a new TCP connection; returns what came back (b"" if nothing)."""
        with socket.create_connection((LOCALHOST, server.sip_port), timeout=5) as sock:
            try:
                sock.sendall(payload)
            except OSError:  # the server may cut off a flood mid-way: fine
                return b""
            sock.settimeout(read_s)
            received = b""
            try:
                while b"\r\n\r\n" not in received:
                    chunk = sock.recv(65535)
                    if not chunk:
                        break
                    received += chunk
            except (socket.timeout, ConnectionResetError):
                pass
            return received

    def assert_alive(self, server, after):
        self.assertTrue(server.alive(), f"the server died after {after}")
        self.assertTrue(server.healthy(), f"/api/v1/health not 200 after {after}")

    def full_call(self, server):
        callee, callee_media = self.phone(server, "1002", "uas_answer.xml", pause_ms=200)
        caller, caller_media = self.dial(server, "1001", "1002", "uac_call_auth.xml",
                                         pause_ms=2000)
        self.assert_rtp_both_ways(caller_media, media_address(caller.wait_logged("MEDIA", 15)),
                                  callee_media, media_address(callee.wait_logged("MEDIA", 15)))
        self.assert_sipp_ok(caller, callee)

    # ------------------------------------------------------------------------------- UDP
    def test_malformed_datagrams_then_a_call_still_works(self):
        server = self.start_server()
        sip = server.sip_port
        rng = random.Random(20240611)
        cases = [
            ("bad Via", lambda p: options(sip, p, via="Via: this is not a via"), {400}),
            ("missing Call-ID", lambda p: options(sip, p, call_id=False), {400}),
            ("missing CSeq", lambda p: options(sip, p, cseq=False), {400}),
            ("huge header ~60 KB", lambda p: options(
                sip, p, extra_headers=["X-Filler: " + "a" * 60000]), {400, 413, 513}),
            ("Content-Length larger than body", lambda p: options(
                sip, p, content_length="500", body="v=0\r\n"), {400}),
            ("negative Content-Length", lambda p: options(sip, p, content_length="-5"), {400}),
            ("non-numeric Content-Length", lambda p: options(sip, p, content_length="ten"), {400}),
            ("garbage bytes", lambda p: bytes(rng.getrandbits(8) for _ in range(512)), {400}),
            ("unknown SIP version", lambda p: options(sip, p, version="SIP/3.0"), {400, 505}),
            ("empty datagram", lambda p: b"", {400}),
            ("CRLF keep-alive", lambda p: b"\r\n\r\n", {400}),
            ("request line only", lambda p: f"OPTIONS sip:{LOCALHOST} SIP/2.0\r\n\r\n".encode(),
             {400}),
            ("NUL bytes in a header", lambda p: options(
                sip, p, extra_headers=["X-Bad: a\x00b"]), {400}),
        ]

        control = self.udp_exchange(server, lambda p: options(sip, p))
        self.assertEqual(status_of(control), 200,
                         f"a well-formed raw OPTIONS over UDP got {control!r}, expected 200")

        outcomes = []
        for name, build, allowed in cases:
            with self.subTest(case=name):
                answer = self.udp_exchange(server, build)
                if answer is not None and not answer.strip():
                    answer = None  # a CRLF keep-alive pong is not an answer
                code = status_of(answer)
                outcomes.append((name, "no answer" if answer is None else
                                 (str(code) if code else f"non-SIP {answer[:40]!r}")))
                if answer is not None:
                    self.assertIn(code, allowed, f"{name}: answered {answer[:200]!r}")
                self.assert_alive(server, name)
        sys.stderr.write("\nmalformed UDP outcomes:\n" +
                         "".join(f"  {name:<34} {what}\n" for name, what in outcomes))

        self.full_call(server)
        self.assert_alive(server, "the call")

    # ------------------------------------------------------------------------------- TCP
    def test_tcp_garbage_and_oversized_header(self):
        server = self.start_server()
        sip = server.sip_port
        valid = lambda: options(sip, 5060, transport="TCP")  # noqa: E731 - sent-by is unused on TCP

        first = self.tcp_exchange(server, valid())
        self.assertEqual(status_of(first), 200, f"control OPTIONS over TCP got {first!r}")

        outcomes = []
        garbage = bytes(random.Random(7).getrandbits(8) for _ in range(4096))
        for name, payload, allowed in (
                ("garbage bytes", garbage, {400}),
                ("header > 64 KiB", options(sip, 5060, transport="TCP",
                                            extra_headers=["X-Filler: " + "b" * 70000]),
                 {400, 413, 513}),
                ("endless header line", b"OPTIONS sip:x SIP/2.0\r\nX: " + b"c" * 200000, {400, 413, 513}),
                # A declared body over the server's limit is refused as too large before it arrives.
                ("Content-Length larger than stream", options(
                    sip, 5060, transport="TCP", content_length="100000", body="x"), {400, 413})):
            with self.subTest(case=name):
                answer = self.tcp_exchange(server, payload).strip(b"\r\n")
                code = status_of(answer)
                outcomes.append((name, "no answer" if not answer else
                                 (str(code) if code else f"non-SIP {answer[:40]!r}")))
                if answer:
                    self.assertIn(code, allowed, f"{name}: answered {answer[:200]!r}")
                self.assert_alive(server, name)
                after = self.tcp_exchange(server, valid())
                self.assertEqual(status_of(after), 200,
                                 f"OPTIONS on a new TCP connection after {name} got {after!r}")
        sys.stderr.write("\nmalformed TCP outcomes:\n" +
                         "".join(f"  {name:<34} {what}\n" for name, what in outcomes))

        self.full_call(server)
        self.assert_alive(server, "the call")


if __name__ == "__main__":
    unittest.main()

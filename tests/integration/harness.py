"""Harness for Hotline's SIP integration tests.

Runs sipp scenarios (scenarios/*.xml) against the real `hotline serve`, plays RTP from python UDP
sockets, and reads the HTTP API and the CDR database. Everything binds to 127.0.0.1 on free ports,
so suites can run side by side. Each test gets its own temp dir holding the server's data dir and
logs and every sipp's traces; when a test fails they are printed to stderr, and with
HOTLINE_ITEST_KEEP=1 the dir is kept (its path is printed).

Conventions the scenarios share (see each scenario's header comment):
  -key ext EXT          the extension a phone scenario speaks for (From/Contact user)
  -key rtp_port PORT    the port put in the SDP: a python MediaEndpoint owns it, not sipp
  -s NUMBER             the number dialled (Request-URI user)
  -au/-ap               digest credentials (realm comes from the challenge)
  -d MS                 the duration of the scenario's single unnamed <pause/>
Scenarios write "MEDIA ip port" (the SDP address the peer offered or answered), "CALLID id",
"RURI uri" and "FINAL code" lines to their log file; the harness reads them back.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterable

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE / "scenarios"
SELFTEST_SCENARIOS = SCENARIOS / "selftest"
LOCALHOST = "127.0.0.1"
SIPP = os.environ.get("SIPP_BIN", shutil.which("sipp") or "/usr/bin/sipp")

# The server is started with this no-answer timeout so no-answer tests take seconds.
RING_TIMEOUT_S = 3


# --------------------------------------------------------------------------------------- ports

_port_lock = threading.Lock()
_handed_out: set[int] = set()


def _can_bind(port: int, kinds: Iterable[int]) -> bool:
    sockets = []
    try:
        for kind in kinds:
            s = socket.socket(socket.AF_INET, kind)
            sockets.append(s)
            s.bind((LOCALHOST, port))
        return True
    except OSError:
        return False
    finally:
        for s in sockets:
            s.close()


def free_port(span: int = 1, step: int = 1, tcp: bool = True) -> int:
    """A port P such that P, P+step, … (span ports) are free for UDP (and TCP when asked) and were
    not handed out before by this process. Random in 23000-32699: below the kernel's ephemeral
    range (32768 up), where sipp's and the clients' own sockets go, and above 20000-22999, which
    the media unit tests bind by number."""
    kinds = (socket.SOCK_DGRAM, socket.SOCK_STREAM) if tcp else (socket.SOCK_DGRAM,)
    with _port_lock:
        for _ in range(2000):
            base = random.randrange(23000, 32700 - span * step)
            ports = [base + i * step for i in range(span)]
            if any(p in _handed_out for p in ports):
                continue
            if all(_can_bind(p, kinds) for p in ports):
                _handed_out.update(ports)
                return base
    raise RuntimeError("no free local port found")


def udp_port_bound(port: int) -> bool:
    """Whether some process has a UDP socket bound to `port` (reads /proc, so it also sees sipp)."""
    for table in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local = line.split()[1]
            if int(local.rsplit(":", 1)[1], 16) == port:
                return True
    return False


def wait_until(predicate: Callable[[], object], timeout_s: float, interval_s: float = 0.02):
    """Polls `predicate` until it returns something truthy (returned) or the timeout (None)."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval_s)


# ---------------------------------------------------------------------------------------- sipp

class Sipp:
    """One sipp process running one scenario for one call (-m 1), with its traces in `workdir`.

    A UAS is started with start() and waits for its port to be bound before returning, so a UAC
    started afterwards never races it. wait() returns sipp's exit code: 0 means the scenario ran
    to its end (every expected message arrived, nothing unexpected), anything else is a failure.
    """

    def __init__(self, workdir: Path, name: str, scenario: Path, *, remote: str | None = None,
                 port: int | None = None, service: str | None = None,
                 keys: dict[str, str] | None = None, user: str | None = None,
                 password: str | None = None, pause_ms: int | None = None,
                 auth_uri: str | None = None, transport: str = "u1",
                 timeout_s: float = 20.0, extra: Iterable[str] = (), local_ip: str = LOCALHOST):
        self.name = name
        self.scenario = Path(scenario)
        self.dir = Path(workdir) / f"sipp-{name}"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port(tcp=False)
        self.media_port = free_port(span=2, step=2, tcp=False)  # sipp binds -mp and -mp+2
        self.timeout_s = timeout_s
        self.proc: subprocess.Popen | None = None
        self.returncode: int | None = None
        self.messages_file = self.dir / "messages.log"
        self.errors_file = self.dir / "errors.log"
        self.log_file = self.dir / "actions.log"
        self.screen_file = self.dir / "screen.log"
        self.stdout_file = self.dir / "stdout.log"

        cmd = [SIPP, "-sf", str(self.scenario), "-i", local_ip, "-p", str(self.port),
               "-mi", local_ip, "-mp", str(self.media_port), "-t", transport,
               "-m", "1", "-l", "1", "-nostdin",
               "-timeout", f"{int(timeout_s)}s", "-timeout_error",
               "-max_retrans", "3",
               "-trace_msg", "-message_file", str(self.messages_file),
               "-trace_err", "-error_file", str(self.errors_file),
               "-trace_logs", "-log_file", str(self.log_file),
               "-trace_screen", "-screen_file", str(self.screen_file)]
        if service is not None:
            cmd += ["-s", service]
        if user is not None:
            cmd += ["-au", user]
        if password is not None:
            cmd += ["-ap", password]
        if auth_uri is not None:
            cmd += ["-auth_uri", auth_uri]
        if pause_ms is not None:
            cmd += ["-d", str(pause_ms)]
        for key, value in (keys or {}).items():
            cmd += ["-key", key, str(value)]
        cmd += list(extra)
        if remote is not None:
            cmd.append(remote)
        self.cmd = cmd

    def start(self, wait_bound: bool = True) -> "Sipp":
        with open(self.stdout_file, "wb") as out:
            self.proc = subprocess.Popen(self.cmd, stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, cwd=self.dir)
        if wait_bound and not wait_until(
                lambda: udp_port_bound(self.port) or self.proc.poll() is not None, 5.0):
            raise RuntimeError(f"sipp {self.name} did not bind port {self.port}")
        return self

    def wait(self) -> int:
        if self.returncode is None:
            try:
                self.returncode = self.proc.wait(timeout=self.timeout_s + 10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self.returncode = -9
        return self.returncode

    def run(self) -> int:
        self.start(wait_bound=False)
        return self.wait()

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def log_lines(self) -> list[str]:
        try:
            return self.log_file.read_text(errors="replace").splitlines()
        except OSError:
            return []

    def logged(self, tag: str) -> list[list[str]]:
        """The fields after `tag` of every "TAG field…" line the scenario logged."""
        return [line.split()[1:] for line in self.log_lines()
                if line.split()[:1] == [tag]]

    def wait_logged(self, tag: str, timeout_s: float = 10.0) -> list[str] | None:
        """Waits for the first "TAG …" log line (or sipp's exit) and returns its fields."""
        def first():
            found = self.logged(tag)
            if found:
                return found[0]
            if self.proc is not None and self.proc.poll() is not None:
                return []
            return None
        got = wait_until(first, timeout_s)
        return got or None

    def messages(self) -> str:
        try:
            return self.messages_file.read_text(errors="replace")
        except OSError:
            return ""

    def report(self) -> str:
        parts = [f"--- sipp {self.name}: {self.scenario.name} rc={self.returncode}",
                 "cmd: " + " ".join(self.cmd)]
        for label, path, limit in (("errors", self.errors_file, 6000),
                                   ("log", self.log_file, 2000),
                                   ("messages (tail)", self.messages_file, 8000),
                                   ("stdout (tail)", self.stdout_file, 1500)):
            try:
                text = path.read_text(errors="replace")
            except OSError:
                continue
            if text.strip():
                parts.append(f"[{label}]\n{text[-limit:]}")
        return "\n".join(parts)


def sip_messages(trace: str) -> list[tuple[str, str]]:
    """Splits a sipp -trace_msg file into ("sent" or "received", message) pairs."""
    parts = re.split(r"^-+ .*\n(?:UDP|TCP) message (sent|received).*\n", trace, flags=re.M)
    pairs = zip(parts[1::2], parts[2::2])
    return [(direction, text.strip("\r\n")) for direction, text in pairs]


def first_message_time(sipp: "Sipp", direction: str, start: str) -> float | None:
    """Unix time at which `sipp` first sent/received a message starting with `start`."""
    for match in re.finditer(r"^-+ (\S+ \S+)\n(?:UDP|TCP) message (sent|received).*\n\n(.*)$",
                             sipp.messages(), flags=re.M):
        if match.group(2) == direction and match.group(3).startswith(start):
            return time.mktime(time.strptime(match.group(1).split(".")[0], "%Y-%m-%d %H:%M:%S")) \
                + float("0." + match.group(1).split(".")[1])
    return None


def header(message: str, name: str) -> str | None:
    for line in message.splitlines()[1:]:
        if not line.strip():
            break
        key, _, value = line.partition(":")
        if key.strip().lower() == name.lower():
            return value.strip()
    return None


def digest_is_valid(authorization: str, method: str, password: str) -> bool:
    """Recomputes an RFC 2617/7616 MD5 digest `response` from an (Proxy-)Authorization value."""
    params = dict(re.findall(r'(\w+)="?([^",]*)"?', authorization.split(" ", 1)[1]))
    ha1 = hashlib.md5(f"{params['username']}:{params['realm']}:{password}".encode()).hexdigest()
    ha2 = hashlib.md5(f"{method}:{params['uri']}".encode()).hexdigest()
    if "qop" in params:
        material = f"{ha1}:{params['nonce']}:{params['nc']}:{params['cnonce']}:{params['qop']}:{ha2}"
    else:
        material = f"{ha1}:{params['nonce']}:{ha2}"
    return hashlib.md5(material.encode()).hexdigest() == params["response"]


# ----------------------------------------------------------------------------------------- RTP

def ulaw_encode(sample: int) -> int:
    """G.711 µ-law of one 16-bit sample (ITU-T G.711, as sipp and phones send it)."""
    bias, clip = 0x84, 32635
    sign = 0x80 if sample < 0 else 0
    magnitude = min(abs(sample), clip) + bias
    exponent = max(0, magnitude.bit_length() - 8)
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


def ulaw_tone(hz: float, first_sample: int, count: int, amplitude: int = 8000) -> bytes:
    return bytes(ulaw_encode(int(amplitude * math.sin(2 * math.pi * hz * (first_sample + i) / 8000)))
                 for i in range(count))


def ulaw_decode(code: int) -> int:
    code = ~code & 0xFF
    magnitude = (((code & 0x0F) << 3) + 0x84) << ((code & 0x70) >> 4)
    return (0x84 - magnitude) if code & 0x80 else (magnitude - 0x84)


ULAW_TO_LINEAR = [ulaw_decode(code) for code in range(256)]


def goertzel_power(samples, hz: float, rate: int = 8000) -> float:
    """Power of `hz` in `samples`, normalised so a sine of amplitude A gives about A²/2."""
    k = 2 * math.cos(2 * math.pi * hz / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + k * s1 - s2, s1
    return (s1 * s1 + s2 * s2 - k * s1 * s2) * 2 / (len(samples) ** 2)


def pcmu_audio(packets: list[tuple[int, int, bytes]]) -> list[int]:
    """The linear samples of the PCMU among `packets` (MediaEndpoint.packets, or a slice of them)."""
    return [ULAW_TO_LINEAR[b] for pt, _, payload in packets if pt == 0 for b in payload]


def tone_db(samples, hz: float) -> float:
    """The level of `hz` in linear `samples`, in dB; -90 when there are none."""
    return 10 * math.log10(goertzel_power(samples, hz) + 1e-9) if samples else -90.0


def loudest_tone_db(packets: list[tuple[int, int, bytes]], hz: float, window: int = 8000) -> float:
    """The level of `hz` in the PCMU audio of `packets` (MediaEndpoint.packets, or a slice of
    them), in the window of `window` samples where it is loudest; -90 when there is no window."""
    audio = pcmu_audio(packets)
    windows = [audio[i:i + window] for i in range(0, len(audio) - window + 1, window)]
    return max((tone_db(w, hz) for w in windows), default=-90.0)


class MediaEndpoint:
    """A phone's RTP socket: the port a scenario advertises in its SDP (-key rtp_port).

    It counts every RTP packet that arrives (whoever sends it), keeps each one's payload type,
    sequence number and payload in `packets`, and can send a burst of PCMU packets (or of given
    payloads in another codec) to the address the other side put in its SDP.
    """

    PAYLOAD_BYTES = 160  # 20 ms of PCMU

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((LOCALHOST, 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.ssrc = random.getrandbits(32)
        self.received = 0
        self.loud = 0  # packets whose PCMU payload is more than near-silence (RMS over ~-40 dBFS)
        self.sent = 0
        self.sources: set[tuple[str, int]] = set()
        self.packets: list[tuple[int, int, bytes]] = []  # (payload type, sequence, payload)
        self._stop = threading.Event()
        self._rx = threading.Thread(target=self._receive, daemon=True)
        self._rx.start()
        self._tx: threading.Thread | None = None

    def _receive(self):
        while not self._stop.is_set():
            try:
                data, source = self.sock.recvfrom(4096)
            except (socket.timeout, OSError):
                continue
            if len(data) >= 12 and data[0] >> 6 == 2:
                self.received += 1
                self.sources.add(source)
                payload = data[12 + 4 * (data[0] & 0x0F):]
                self.packets.append((data[1] & 0x7F, struct.unpack("!H", data[2:4])[0], payload))
                if (data[1] & 0x7F) == 0 and payload:
                    energy = sum(ULAW_TO_LINEAR[b] ** 2 for b in payload) / len(payload)
                    self.loud += energy > 300 ** 2

    def send_burst(self, address: tuple[str, int], count: int = 40, interval_s: float = 0.02,
                   tone_hz: float | None = None, lose_every: int = 0,
                   payloads: list[bytes] | None = None, payload_type: int = 0):
        """Sends `count` packets to `address` in the background, one every `interval_s`: µ-law
        silence, or a sine of `tone_hz` at about -10 dBm0 so that recordings can be checked, or
        payloads[seq] of `payload_type` (20 ms each: the timestamp steps by 160 in every codec
        on an 8000 Hz RTP clock, G.722 included).
        With lose_every=N every Nth packet is skipped (its sequence number left out): lost."""
        def send():
            for seq in range(count):
                if lose_every and seq % lose_every == lose_every - 1:
                    time.sleep(interval_s)
                    continue
                header_bytes = struct.pack("!BBHII", 0x80, payload_type, seq, seq * 160, self.ssrc)
                if payloads is not None:
                    payload = payloads[seq]
                elif tone_hz:
                    payload = ulaw_tone(tone_hz, seq * self.PAYLOAD_BYTES, self.PAYLOAD_BYTES)
                else:
                    payload = b"\xff" * self.PAYLOAD_BYTES
                try:
                    self.sock.sendto(header_bytes + payload, address)
                    self.sent += 1
                except OSError:
                    pass
                time.sleep(interval_s)
        self._tx = threading.Thread(target=send, daemon=True)
        self._tx.start()

    DTMF_HZ = {"1": (697, 1209), "2": (697, 1336), "3": (697, 1477), "4": (770, 1209),
               "5": (770, 1336), "6": (770, 1477), "7": (852, 1209), "8": (852, 1336),
               "9": (852, 1477), "*": (941, 1209), "0": (941, 1336), "#": (941, 1477)}

    def send_dtmf(self, address: tuple[str, int], digits: str, inband: bool):
        """Presses `digits` towards `address` in the background: RFC 4733 telephone-events
        (payload type 101; 100 ms per key, three end packets) or in-band tones in PCMU (100 ms
        tone, 100 ms silence), 20 ms a packet."""
        def packets():
            seq, ts = 1000, 160_000
            for digit in digits:
                if inband:
                    low, high = self.DTMF_HZ[digit]
                    for i in range(10):
                        on = i < 5
                        payload = bytes(ulaw_encode(int(on * (5000 * math.sin(2 * math.pi * low * n / 8000)
                                                             + 5000 * math.sin(2 * math.pi * high * n / 8000))))
                                        for n in range(i * 160, i * 160 + 160))
                        yield struct.pack("!BBHII", 0x80, 0, seq, ts, self.ssrc) + payload
                        seq, ts = seq + 1, ts + 160
                else:
                    event = "0123456789*#".index(digit) if digit in "0123456789" else {"*": 10, "#": 11}[digit]
                    for k in range(1, 6):
                        marker = 0x80 if k == 1 else 0
                        yield struct.pack("!BBHIIBBH", 0x80, marker | 101, seq, ts, self.ssrc, event, 10, 160 * k)
                        seq += 1
                    for _ in range(3):
                        yield struct.pack("!BBHIIBBH", 0x80, 101, seq, ts, self.ssrc, event, 0x80 | 10, 800)
                        seq += 1
                    ts += 1600
                    for _ in range(5):  # 100 ms between keys
                        yield None

        def send():
            for packet in packets():
                if packet is not None:
                    try:
                        self.sock.sendto(packet, address)
                        self.sent += 1
                    except OSError:
                        pass
                time.sleep(0.02)
        self._tx = threading.Thread(target=send, daemon=True)
        self._tx.start()

    def wait_sent(self, timeout_s: float = 5.0):
        if self._tx is not None:
            self._tx.join(timeout_s)

    def close(self):
        self._stop.set()
        self._rx.join(1.0)
        self.sock.close()


class RtcpEndpoint:
    """A phone's RTCP socket (any port: the server latches onto where RTCP comes from). Sends
    RFC 3550 compound reports (SR or RR, then SDES CNAME) and reads the SRs that arrive."""

    NTP_UNIX_OFFSET_S = 2_208_988_800

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((LOCALHOST, 0))

    @staticmethod
    def _sdes_cname(ssrc: int, cname: bytes = b"phone@test") -> bytes:
        chunk = struct.pack("!IBB", ssrc, 1, len(cname)) + cname + b"\0"
        chunk += b"\0" * (-len(chunk) % 4)
        return struct.pack("!BBH", 0x81, 202, (4 + len(chunk)) // 4 - 1) + chunk

    def send_sender_report(self, to: tuple[str, int], ssrc: int, packets: int = 0,
                           octets: int = 0) -> None:
        now = time.time()
        seconds = int(now) + self.NTP_UNIX_OFFSET_S
        fraction = int((now % 1) * (1 << 32))
        sr = struct.pack("!BBHIIIIII", 0x80, 200, 6, ssrc, seconds, fraction, 0, packets, octets)
        self.sock.sendto(sr + self._sdes_cname(ssrc), to)

    def send_receiver_report(self, to: tuple[str, int], ssrc: int, about: int | None = None,
                             fraction_lost: int = 0, cumulative_lost: int = 0, jitter: int = 0,
                             last_sr: int = 0, delay_since_last_sr: int = 0) -> None:
        """An RR from `ssrc`, with one report block about source `about` (none without it):
        fraction lost in 1/256, jitter in RTP units, LSR and DLSR in 1/65536 s."""
        block = b""
        if about is not None:
            block = struct.pack("!IIIIII", about, (fraction_lost << 24) | (cumulative_lost & 0xFFFFFF),
                                0, jitter, last_sr, delay_since_last_sr)
        rr = struct.pack("!BBHI", 0x80 | (1 if block else 0), 201, (8 + len(block)) // 4 - 1, ssrc)
        self.sock.sendto(rr + block + self._sdes_cname(ssrc), to)

    def receive_sender_report(self, timeout_s: float) -> tuple[int, int] | None:
        """The next SR that arrives within `timeout_s`: (sender SSRC, the middle 32 bits of its
        NTP time, as a receiver's LSR names it)."""
        deadline = time.monotonic() + timeout_s
        while (left := deadline - time.monotonic()) > 0:
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(2048)
            except (socket.timeout, OSError):
                return None
            if len(data) >= 28 and data[0] >> 6 == 2 and data[1] == 200:
                ssrc, seconds, fraction = struct.unpack("!III", data[4:16])
                return ssrc, ((seconds & 0xFFFF) << 16) | (fraction >> 16)
        return None

    def close(self):
        self.sock.close()


def tone_payloads(codec: str, hz: float, count: int) -> list[bytes] | None:
    """`count` 20 ms RTP payloads of a sine of `hz` (amplitude 8000, as ulaw_tone) in `codec`
    ("G722"), made by the server's own encoder through tests/tools/tone_payloads.cpp
    ($HOTLINE_TONE_PAYLOADS, which ctest sets; by hand, build/tests/hotline_tone_payloads).
    None when that tool is not available."""
    tool = os.environ.get("HOTLINE_TONE_PAYLOADS")
    if not tool and hotline_binary():
        tool = str(Path(hotline_binary()).parent / "tests" / "hotline_tone_payloads")
    if not tool or not os.access(tool, os.X_OK):
        return None
    raw = subprocess.run([tool, codec, str(hz), str(count)], capture_output=True, check=True,
                         timeout=30).stdout
    size = len(raw) // count
    return [raw[i * size:(i + 1) * size] for i in range(count)]


def media_address(fields: list[str] | None) -> tuple[str, int] | None:
    if not fields or len(fields) < 2:
        return None
    return fields[0], int(fields[1])


# -------------------------------------------------------------------------------------- server

class HotlineServer:
    """`hotline` on a temp data dir: init --demo, optional trunk/number/route set-up, serve.

    Thread: the test's thread only.
    """

    def __init__(self, binary: str, workdir: Path):
        self.binary = binary
        self.workdir = Path(workdir)
        self.data = self.workdir / "data"
        self.proc: subprocess.Popen | None = None
        self.sip_port = 0
        self.http_port = 0
        self.rtp_ports = (0, 0)
        self.starts = 0
        self.admin_token: str | None = None
        self.log_files: list[Path] = []

    # -- set-up commands, run before serve
    def _cli(self, *args: str) -> subprocess.CompletedProcess:
        run = subprocess.run([self.binary, *args], capture_output=True, text=True, timeout=60)
        log = self.workdir / "cli.log"
        with open(log, "a") as out:
            out.write(f"$ {' '.join(run.args)}\nrc={run.returncode}\n{run.stdout}{run.stderr}\n")
        if log not in self.log_files:
            self.log_files.append(log)
        if run.returncode != 0:
            raise AssertionError(f"`{' '.join(run.args)}` failed rc={run.returncode}:\n"
                                 f"{run.stdout}\n{run.stderr}")
        return run

    def init_demo(self) -> None:
        self._cli("init", "--data", str(self.data), "--demo")
        self.credentials = json.loads((self.data / "demo-credentials.json").read_text())

    def password(self, extension: str) -> str:
        for entry in self.credentials["extensions"]:
            if str(entry["extension"]) == extension:
                return entry["password"]
        raise KeyError(f"extension {extension} not in demo-credentials.json")

    def trunk_add(self, name: str, host: str, port: int, username: str | None = None,
                  password: str | None = None) -> None:
        credentials = ["--username", username, "--password", password] if username else []
        self._cli("trunk", "add", "--data", str(self.data), "--name", name, "--host", host,
                  "--port", str(port), *credentials)

    def number_add(self, pattern: str, target: str) -> None:
        self._cli("number", "add", "--data", str(self.data), "--pattern", pattern,
                  "--target", target)

    def user_add(self, username: str, password: str, role: str, extension: str | None = None) -> None:
        """A web login with `role` (platform_operator, manager, agent...), owning `extension`."""
        owned = ["--extension", extension] if extension else []
        self._cli("user", "add", "--data", str(self.data), "--username", username, "--role", role,
                  "--password", password, *owned)

    def route_add(self, pattern: str, trunk: str, strip: int, *options: str) -> None:
        """An outbound route; `options` are further `route add` flags (--priority 10, --cost 5,
        --days mon-fri, --from 08:00 --to 18:00, --caller-id fixed:NUMBER)."""
        self._cli("route", "add", "--data", str(self.data), "--pattern", pattern,
                  "--trunk", trunk, "--strip", str(strip), *options)

    # -- process
    def start(self, ring_timeout_s: int = RING_TIMEOUT_S, ready_timeout_s: float = 20.0,
              extra_args: tuple[str, ...] = ()) -> None:
        if not self.sip_port:  # a restart keeps the ports, as an operator would
            self.sip_port = free_port()
            self.http_port = free_port()
            base = free_port(span=40, tcp=False)
            self.rtp_ports = (base, base + 39)
        self.starts += 1
        stdout = self.workdir / f"server-{self.starts}.stdout.log"
        stderr = self.workdir / f"server-{self.starts}.stderr.log"
        self.log_files += [stdout, stderr]
        cmd = [self.binary, "serve", "--data", str(self.data), "--bind", LOCALHOST,
               "--sip-port", str(self.sip_port), "--http-port", str(self.http_port),
               "--rtp-ports", f"{self.rtp_ports[0]}-{self.rtp_ports[1]}",
               "--ring-timeout", str(ring_timeout_s), *extra_args]
        with open(stdout, "wb") as out, open(stderr, "wb") as err:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        ready = wait_until(lambda: self.proc.poll() is not None or self.healthy(), ready_timeout_s,
                           interval_s=0.05)
        if self.proc.poll() is not None:
            raise AssertionError(f"hotline serve exited rc={self.proc.returncode} during start-up")
        if not ready:
            raise AssertionError(f"hotline serve not healthy after {ready_timeout_s} s")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout_s: float = 10.0) -> int | None:
        """SIGTERM and wait: returns the exit code (None if it had to be killed)."""
        if self.proc is None:
            return None
        if self.proc.poll() is not None:
            return self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None

    def kill9(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    @property
    def sip_address(self) -> str:
        return f"{LOCALHOST}:{self.sip_port}"

    # -- HTTP API
    def _http(self, method: str, path: str, body: dict | None = None,
              token: str | None = None, timeout_s: float = 5.0) -> tuple[int, object]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://{LOCALHOST}:{self.http_port}{path}", data=data,
                                         method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as response:
                raw = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            raw, status = error.read(), error.code
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw.decode(errors="replace")

    def healthy(self) -> bool:
        try:
            return self._http("GET", "/api/v1/health", timeout_s=1.0)[0] == 200
        except OSError:
            return False

    def login(self) -> str:
        admin = self.credentials["admin"]
        self.admin_token = self.login_as(admin["username"], admin["password"])
        return self.admin_token

    def login_operator(self) -> str:
        """A session token of the demo's platform operator (tenants, seats, backups, SIP bans)."""
        operator = self.credentials["operator"]
        return self.login_as(operator["username"], operator["password"])

    def login_as(self, username: str, password: str) -> str:
        """A session token for any user (see user_add); api_as() uses it."""
        status, body = self._http("POST", "/api/v1/auth/login",
                                  {"username": username, "password": password})
        if status != 200 or not isinstance(body, dict) or "token" not in body:
            raise AssertionError(f"login of {username} failed: HTTP {status} {body!r}")
        return body["token"]

    def api_as(self, token: str, method: str, path: str, body: dict | None = None) -> tuple[int, object]:
        return self._http(method, path, body, token=token)

    def api_get(self, path: str):
        if self.admin_token is None:
            self.login()
        status, body = self._http("GET", path, token=self.admin_token)
        if status != 200:
            raise AssertionError(f"GET {path}: HTTP {status} {body!r}")
        return body

    def api(self, method: str, path: str, body: dict | None = None) -> tuple[int, object]:
        """A request as the demo admin: (status, decoded body), whatever the status."""
        if self.admin_token is None:
            self.login()
        return self._http(method, path, body, token=self.admin_token)

    def api_bytes(self, path: str) -> tuple[int, str, bytes]:
        """GET as the demo admin for a body that is not JSON: (status, Content-Type, bytes)."""
        if self.admin_token is None:
            self.login()
        request = urllib.request.Request(f"http://{LOCALHOST}:{self.http_port}{path}")
        request.add_header("Authorization", f"Bearer {self.admin_token}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type", ""), error.read()

    def api_with_token(self, method: str, path: str, token: str,
                       body: dict | None = None) -> tuple[int, object]:
        """A request with another bearer token than the admin's session (an API token, another
        session): (status, decoded body), whatever the status."""
        return self._http(method, path, body, token=token)

    def api_post(self, path: str, body: dict | None = None) -> tuple[int, object]:
        return self.api("POST", path, body)

    def calls(self) -> list[dict]:
        return self.api_get("/api/v1/calls")["items"]

    def wait_for_cdr(self, predicate: Callable[[dict], bool], timeout_s: float = 3.0,
                     finished: bool = True) -> dict | None:
        """The first call record matching `predicate` (and, by default, with ended_at set)."""
        def find():
            for call in self.calls():
                if predicate(call) and (not finished or call.get("ended_at")):
                    return call
            return None
        return wait_until(find, timeout_s, interval_s=0.05)

    def call_detail(self, call_id: str) -> dict:
        return self.api_get(f"/api/v1/calls/{call_id}")

    def db_rows(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        """Read-only query on the data dir's SQLite database."""
        db = sqlite3.connect(f"file:{self.data / 'hotline.db'}?mode=ro", uri=True, timeout=5)
        db.row_factory = sqlite3.Row
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def report(self) -> str:
        parts = [f"--- hotline server (sip {self.sip_port}, http {self.http_port}, "
                 f"rtp {self.rtp_ports[0]}-{self.rtp_ports[1]}) "
                 f"rc={None if self.proc is None else self.proc.poll()}"]
        for path in self.log_files:
            try:
                text = path.read_text(errors="replace")
            except OSError:
                continue
            parts.append(f"[{path.name}]\n{text[-12000:]}")
        return "\n".join(parts)


# ------------------------------------------------------------------------------------ TestCases

def hotline_binary() -> str | None:
    return os.environ.get("HOTLINE_BIN") or None


class SippTestCase(unittest.TestCase):
    """Gives each test a temp dir and sipp helpers; on failure prints every artefact."""

    keep_env = "HOTLINE_ITEST_KEEP"

    def setUp(self):
        self.workdir = Path(tempfile.mkdtemp(prefix=f"hotline-itest-{self._testMethodName}-"))
        self.sipps: list[Sipp] = []
        self.media: list[MediaEndpoint | RtcpEndpoint] = []
        self.servers: list[HotlineServer] = []
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        for sipp in self.sipps:
            sipp.kill()
        for endpoint in self.media:
            endpoint.close()
        for server in self.servers:
            if server.alive():
                server.stop()

    def run(self, result=None):
        result = result if result is not None else self.defaultTestResult()
        before = len(result.failures) + len(result.errors)
        super().run(result)
        failed = len(result.failures) + len(result.errors) > before
        workdir = getattr(self, "workdir", None)
        if failed and workdir is not None:
            sys.stderr.write(self.artefacts())
            sys.stderr.write(f"\n(artefacts kept in {workdir})\n")
        elif workdir is not None and not os.environ.get(self.keep_env):
            shutil.rmtree(workdir, ignore_errors=True)
        elif workdir is not None:
            sys.stderr.write(f"\n(artefacts kept in {workdir})\n")
        return result

    def artefacts(self) -> str:
        parts = [f"\n======== artefacts of {self.id()} ========"]
        parts += [sipp.report() for sipp in self.sipps]
        parts += [server.report() for server in self.servers]
        return "\n".join(parts) + "\n"

    # -- call records
    def call_id(self, sipp: Sipp) -> str:
        """The SIP Call-ID a scenario logged (CALLID)."""
        logged = sipp.logged("CALLID")
        self.assertTrue(logged, f"{sipp.name} logged no Call-ID")
        return logged[0][0]

    def cdr(self, server: HotlineServer, sipp: Sipp, timeout_s: float = 5.0) -> dict:
        """The finished call record of the call `sipp` placed or took."""
        call_id = self.call_id(sipp)
        record = server.wait_for_cdr(lambda c: c.get("sip_call_id") == call_id, timeout_s)
        if record is None:
            self.fail(f"no finished call record with sip_call_id {call_id}; records: {server.calls()!r}")
        return record

    def ivr_trail(self, server: HotlineServer, record_id: str) -> dict:
        """The last IVR trail (flow, version, path, keys, variables, end) on the call's timeline."""
        events = [e for e in server.call_detail(record_id)["events"] if e["kind"] == "ivr"]
        self.assertTrue(events, "no ivr event on the call's timeline")
        return json.loads(events[-1]["detail"])

    def endpoint(self) -> MediaEndpoint:
        endpoint = MediaEndpoint()
        self.media.append(endpoint)
        return endpoint

    def rtcp_endpoint(self) -> RtcpEndpoint:
        endpoint = RtcpEndpoint()
        self.media.append(endpoint)
        return endpoint

    def sipp(self, scenario: str, **kwargs) -> Sipp:
        """A Sipp for scenarios/<scenario> (or an absolute path); name defaults to a counter."""
        path = Path(scenario) if os.path.isabs(scenario) else SCENARIOS / scenario
        name = kwargs.pop("name", f"{len(self.sipps) + 1:02d}-{path.stem}")
        sipp = Sipp(self.workdir, name, path, **kwargs)
        self.sipps.append(sipp)
        return sipp

    def scenario_variant(self, scenario: str, replacements: dict[str, str]) -> str:
        """scenarios/<scenario> with every occurrence of each key replaced by its value, written to
        the test's temp dir: the same call flow with, say, other codecs in its SDP. A key that
        does not occur fails the test, so a changed scenario cannot silently lose the variation."""
        text = (SCENARIOS / scenario).read_text()
        for old, new in replacements.items():
            self.assertIn(old, text, f"{scenario} has no {old!r} to replace")
            text = text.replace(old, new)
        path = self.workdir / f"{Path(scenario).stem}-variant-{len(self.sipps) + 1:02d}.xml"
        path.write_text(text)
        return str(path)

    def assert_sipp_ok(self, *sipps: Sipp):
        for sipp in sipps:
            rc = sipp.wait()
            self.assertEqual(rc, 0, f"sipp {sipp.name} ({sipp.scenario.name}) failed rc={rc}; "
                                    f"see its errors log below")

    def assert_rtp_both_ways(self, a: MediaEndpoint, a_peer, b: MediaEndpoint, b_peer,
                             count: int = 40):
        """`a` sends to `a_peer`, `b` to `b_peer`, concurrently; each must receive at least half
        of what the other sent (UDP on loopback loses nothing, the slack covers relay start-up)."""
        self.assertIsNotNone(a_peer, "the caller side never saw an SDP media address")
        self.assertIsNotNone(b_peer, "the callee side never saw an SDP media address")
        a.send_burst(a_peer, count)
        b.send_burst(b_peer, count)
        a.wait_sent()
        b.wait_sent()
        wait_until(lambda: a.received >= count and b.received >= count, 1.0)
        self.assertGreaterEqual(b.received, count // 2,
                                f"callee side got {b.received} of {a.sent} RTP packets")
        self.assertGreaterEqual(a.received, count // 2,
                                f"caller side got {a.received} of {b.sent} RTP packets")


class ServerTestCase(SippTestCase):
    """A SippTestCase that drives a real `hotline` binary ($HOTLINE_BIN)."""

    def setUp(self):
        if not hotline_binary():
            self.skipTest("HOTLINE_BIN is not set: these tests need the hotline binary "
                          "(ctest sets it; by hand: HOTLINE_BIN=build/hotline)")
        super().setUp()

    def tearDown(self):
        for server in self.servers:
            if not server.starts:
                continue
            if not server.alive():
                if server.proc.returncode != 0 and not getattr(server, "killed_on_purpose", False):
                    self.fail(f"the server died during the test (rc={server.proc.returncode})")
                continue
            rc = server.stop()
            self.assertEqual(rc, 0, "the server must exit 0 on SIGTERM (None: it had to be "
                                    "killed after 10 s)")

    def start_server(self, setup: Callable[[HotlineServer], None] | None = None,
                     ring_timeout_s: int = RING_TIMEOUT_S,
                     extra_args: tuple[str, ...] = ()) -> HotlineServer:
        server = HotlineServer(hotline_binary(), self.workdir)
        self.servers.append(server)
        server.init_demo()
        if setup is not None:
            setup(server)
        server.start(ring_timeout_s=ring_timeout_s, extra_args=extra_args)
        return server

    # -- phones
    def register(self, server: HotlineServer, ext: str, port: int | None = None) -> int:
        """Registers `ext` from local UDP `port` (picked if None) and returns the port; the phone
        answers on that same port afterwards (its Contact is ext@127.0.0.1:port)."""
        port = port or free_port(tcp=False)
        sipp = self.sipp("register_auth.xml", name=f"{len(self.sipps) + 1:02d}-register-{ext}",
                         remote=server.sip_address, port=port, keys={"ext": ext},
                         user=ext, password=server.password(ext), timeout_s=10)
        sipp.run()
        self.assert_sipp_ok(sipp)
        return port

    def phone(self, server: HotlineServer, ext: str, scenario: str,
              pause_ms: int | None = None, register: bool = True,
              timeout_s: float = 20.0, port: int | None = None) -> tuple[Sipp, MediaEndpoint]:
        """A registered phone running a UAS scenario, with its RTP endpoint; already listening.
        With register=False it answers on `port` (registered beforehand) or a fresh one."""
        port = self.register(server, ext, port) if register else (port or free_port(tcp=False))
        media = self.endpoint()
        sipp = self.sipp(scenario, name=f"{len(self.sipps) + 1:02d}-phone-{ext}", port=port,
                         keys={"ext": ext, "rtp_port": media.port}, pause_ms=pause_ms,
                         timeout_s=timeout_s)
        sipp.start()
        return sipp, media

    def call_from_trunk(self, server: HotlineServer, trunk_port: int, number: str, caller: str,
                        scenario: str = "uac_trunk_call.xml",
                        pause_ms: int | None = None) -> tuple[Sipp, MediaEndpoint]:
        """A carrier (sipp on the trunk's port) brings in a call from `caller` to `number`, with the
        caller's RTP endpoint; started, not waited for."""
        media = self.endpoint()
        sipp = self.sipp(scenario, name=f"{len(self.sipps) + 1:02d}-carrier", port=trunk_port,
                         remote=server.sip_address, service=number, pause_ms=pause_ms,
                         keys={"caller": caller, "rtp_port": media.port})
        sipp.start(wait_bound=False)
        return sipp, media

    def dial(self, server: HotlineServer, ext: str, number: str, scenario: str,
             pause_ms: int | None = None, timeout_s: float = 20.0,
             transport: str = "u1") -> tuple[Sipp, MediaEndpoint]:
        """Extension `ext` dials `number` with digest auth (over UDP, or TCP with transport="t1");
        started, not waited for."""
        media = self.endpoint()
        sipp = self.sipp(scenario, name=f"{len(self.sipps) + 1:02d}-caller-{ext}",
                         remote=server.sip_address, service=number,
                         keys={"ext": ext, "rtp_port": media.port}, user=ext,
                         password=server.password(ext), pause_ms=pause_ms,
                         auth_uri=f"{number}@{server.sip_address}", timeout_s=timeout_s,
                         transport=transport)
        sipp.start(wait_bound=False)
        return sipp, media

#!/usr/bin/env python3
"""CTI latency: from a call's INVITE reaching the server to call.offered on the ringing agent's
WebSocket (/api/v1/ws, docs/cti.md), with many agent sockets connected.

A fresh server (loadtest.Server: trunk "carrier", DIDs 5XXXX ring the phone 19999) gets --agents
agent users, each with its own extension and a session written straight into the database (logging
500 users in would spend minutes in argon2). One of them owns 19999, whose phone is a registered sipp
UAS that answers at once; all open their WebSocket and read their hello. A sipp trunk then places
--calls calls at --rate per second (100 ms talk); each INVITE's send time is read from sipp's
message trace (loopback: it arrives within microseconds), each call.offered's arrival is timed on
the socket, and the two are paired by the caller number (0105550<call number>). Prints p50, p90,
p99 and max, and the server's CPU (idle, during the calls, and per call above idle); --json writes
them. A first run with the ringing agent's socket alone is the baseline (--no-baseline skips it).
Python times the arrival on its own thread; nothing is asserted.

    python3 bench/sipp/cti_latency.py [--agents 500] [--calls 300] [--rate 10] [--keep]
"""

import argparse
import hashlib
import json
import os
import re
import secrets
import selectors
import shutil
import sqlite3
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "integration"))

import loadtest  # noqa: E402  (the server and sipp helpers of the SIP load runs)
from cti_client import CtiSocket  # noqa: E402

FIRST_AGENT_EXTENSION = 30000


def log(msg):
    print(f"[cti_latency {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def provision_agents(count):
    """Agent users, the first owning the phone; a session for each. Returns their tokens."""
    tokens = []

    def provision(server):
        db = sqlite3.connect(os.path.join(server.data, "hotline.db"))
        try:
            tenant, password_hash = db.execute(
                "SELECT tenant_id, password_hash FROM users WHERE username = 'agent1'").fetchone()
            now = int(time.time() * 1000)
            for i in range(count):
                extension = loadtest.PHONE if i == 0 else str(FIRST_AGENT_EXTENSION + i)
                user = db.execute("INSERT INTO users (tenant_id, username, password_hash, role, display_name,"
                                  " extension, created_at) VALUES (?, ?, ?, 'agent', ?, ?, ?)",
                                  (tenant, f"bench{i:04d}", password_hash, f"Bench {i}", extension, now)).lastrowid
                token = secrets.token_hex(32)
                db.execute("INSERT INTO sessions (token_sha256, user_id, tenant_id, created_at, expires_at,"
                           " last_seen_at) VALUES (?, ?, ?, ?, ?, ?)",
                           (hashlib.sha256(token.encode()).hexdigest(), user, tenant, now,
                            now + 12 * 3600 * 1000, now))
                tokens.append(token)
            db.commit()
        finally:
            db.close()
    return provision, tokens


class Listener:
    """Times call.offered on the ringing agent's socket on a thread of its own, and reads the other
    sockets on another (answering the server's pings, so that nobody is dropped as idle) without
    ever holding up the first."""

    def __init__(self, measured, others):
        self.measured = measured
        self.others = others
        self.offered = {}  # caller -> arrival (Unix time)
        self.frames = 0
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.time_offers, daemon=True),
                        threading.Thread(target=self.drain_others, daemon=True)]
        for thread in self.threads:
            thread.start()

    def time_offers(self):
        while not self.stop.is_set():
            frame = self.measured.next(timeout_s=0.2)
            if frame is not None and frame.get("event") == "call.offered":
                self.offered[frame["data"]["caller"]] = time.time()

    def drain_others(self):
        selector = selectors.DefaultSelector()
        for ws in self.others:
            selector.register(ws.sock, selectors.EVENT_READ, ws)
        while not self.stop.is_set():
            for key, _ in selector.select(timeout=0.2):
                ws = key.data
                while ws.next(timeout_s=0.001) is not None:  # a ping is answered inside next()
                    self.frames += 1

    def close(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=5)


def invite_times(trace_path):
    """caller -> Unix time its INVITE was sent, from a sipp -trace_msg file."""
    with open(trace_path, errors="replace") as f:
        text = f.read()
    times = {}
    pattern = r"^-+ (\S+ \S+)\n(?:UDP|TCP) message sent.*\n\n(INVITE [^\n]*\n(?:[^\n]+\n)*)"
    for match in re.finditer(pattern, text, flags=re.M):
        caller = re.search(r"^From: <sip:([^@>]+)@", match.group(2), flags=re.M)
        if not caller or caller.group(1) in times:
            continue  # a retransmission: the first send counts
        stamp, fraction = match.group(1).split(".")
        times[caller.group(1)] = time.mktime(time.strptime(stamp, "%Y-%m-%d %H:%M:%S")) + float("0." + fraction)
    return times


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def run(args):
    workroot = tempfile.mkdtemp(prefix="hotline-cti-bench-")
    ports = set()
    trunk_port = loadtest.free_port(ports)
    phone_port = loadtest.free_port(ports)
    provision, tokens = provision_agents(args.agents)
    server = loadtest.Server(args.binary, workroot, trunk_port, 0, provision=provision)
    sockets = []
    listener = None
    try:
        reg = loadtest.register(workroot, "register", server, phone_port, int(loadtest.PHONE), 1, 1)
        if reg.get("SuccessfulCall(C)", 0) < 1:
            raise RuntimeError(f"the phone did not register: {reg}")
        started = time.monotonic()
        for token in tokens:
            ws = CtiSocket(server.http_port, token, timeout_s=10)
            if not ws.event("hello", timeout_s=10):
                raise RuntimeError("a socket got no hello")
            sockets.append(ws)
        log(f"{len(sockets)} agent sockets open in {time.monotonic() - started:.1f} s")
        listener = Listener(sockets[0], sockets[1:])

        uas = loadtest.Sipp("uas", workroot, "uas_phone.xml", phone_port, None, ["-recv_timeout", "10000"],
                            args.calls / args.rate + 60)
        idle_start, idle_ticks = time.monotonic(), loadtest.cpu_ticks(server.pid)
        time.sleep(3)  # the server's own idle cost (media ticks, timers, the sockets' pings)
        idle_share = (loadtest.cpu_ticks(server.pid) - idle_ticks) / loadtest.CLK_TCK / (time.monotonic() - idle_start)
        trace = os.path.join(workroot, "uac-messages.log")
        cpu_before, calls_start = loadtest.cpu_ticks(server.pid), time.monotonic()
        uac = loadtest.Sipp("uac", workroot, "uac_trunk.xml", trunk_port, f"127.0.0.1:{server.sip_port}",
                            ["-s", loadtest.DID, "-r", str(args.rate), "-m", str(args.calls), "-l", "100",
                             "-d", "100", "-recv_timeout", "10000", "-trace_msg", "-message_file", trace],
                            args.calls / args.rate + 60)
        uac_stats = uac.finish()
        cpu_s = (loadtest.cpu_ticks(server.pid) - cpu_before) / loadtest.CLK_TCK
        calls_s = time.monotonic() - calls_start
        uas.stop()
        time.sleep(0.5)  # the last events on their way
        listener.close()

        sent = invite_times(trace)
        latencies = sorted((listener.offered[c] - t) * 1000 for c, t in sent.items() if c in listener.offered)
        result = {
            "agents_connected": len(sockets),
            "calls": args.calls,
            "rate": args.rate,
            "successful_calls": uac_stats.get("SuccessfulCall(C)"),
            "offers_timed": len(latencies),
            "p50_ms": round(percentile(latencies, 50), 3) if latencies else None,
            "p90_ms": round(percentile(latencies, 90), 3) if latencies else None,
            "p99_ms": round(percentile(latencies, 99), 3) if latencies else None,
            "max_ms": round(latencies[-1], 3) if latencies else None,
            "server_cpu_idle_percent": round(idle_share * 100, 1),
            "server_cpu_percent": round(cpu_s / calls_s * 100, 1),
            # above what the same server used idle: the calls, their events and the fan-out
            "server_cpu_ms_per_call": round(max(0.0, cpu_s - idle_share * calls_s) * 1000 / max(1, args.calls), 3),
            "loadavg_before": loadtest.loadavg(),
        }
        return result
    finally:
        if listener:
            listener.close()
        for ws in sockets:
            ws.close()
        server.stop()
        if args.keep:
            log(f"kept {workroot}")
        else:
            shutil.rmtree(workroot, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(loadtest.ROOT, "build", "hotline"))
    parser.add_argument("--agents", type=int, default=500, help="agent sockets connected (one rings)")
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rate", type=int, default=10, help="calls per second")
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the first run with the ringing agent's socket alone")
    args = parser.parse_args()
    runs = []
    for agents in ([] if args.no_baseline or args.agents == 1 else [1]) + [args.agents]:
        log(f"{agents} agent socket(s), {args.calls} calls at {args.rate}/s")
        runs.append(run(argparse.Namespace(**{**vars(args), "agents": agents})))
    result = {"runs": runs}
    print(json.dumps(result, indent=2))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()

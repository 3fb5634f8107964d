#!/usr/bin/env python3
"""The callers' media for ivr_load.py: one UDP socket that plays the phone of every call whose SDP
offer named it (sipp places the calls and sends no RTP).

A call is known by the server port its RTP comes from: the first packet from a new source starts
it (the server answered and plays the first prompt). From then on, like a phone, it sends one
packet every 20 ms back to that port: PCMU silence, replaced by RFC 4733 telephone-events
(payload type 101; 100 ms per key, three end packets, 100 ms between keys) for the keys of --keys
("1.0:1,2.5:2,4.0:12345#": press 1 with the 50th packet after the first prompt packet, ...); when
the process is held up it skips the missed ticks rather than burst, so a key comes late but whole.
A call ends when nothing came from its port for --quiet-s. Counts what arrives per call: packets,
and the longest gap between two packets once the call has run for a second.

Writes {"calls": {"port" ("port/n" once ended): [received, first_s, last_s, max_gap_ms, keys_sent,
ended]}, "received": n, "sent": n, "late_ticks": n} to --stats every second (and at SIGTERM)."""
import argparse
import json
import os
import select
import signal
import socket
import struct
import sys
import time

TICK_S = 0.020
EVENTS = {d: i for i, d in enumerate("0123456789")} | {"*": 10, "#": 11}

p = argparse.ArgumentParser()
p.add_argument("--port", type=int, required=True)
p.add_argument("--stats", required=True)
p.add_argument("--keys", default="1.0:1,2.5:2,4.0:12345#")
p.add_argument("--quiet-s", type=float, default=5.0)
a = p.parse_args()


def script(plan):
    """Per 20 ms tick after the call's start: None (audio) or (event, first, end, duration)."""
    ticks = []
    for step in plan.split(","):
        at_s, keys = step.split(":")
        at = round(float(at_s) / TICK_S)
        ticks.extend([None] * max(0, at - len(ticks)))
        for key in keys:
            event = EVENTS[key]
            ticks += [(event, k == 1, False, 160 * k) for k in range(1, 6)]
            ticks += [(event, False, True, 800)] * 3
            ticks += [None] * 5
    return ticks


SCRIPT = script(a.keys)
SILENCE = b"\xff" * 160

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)
s.bind(("127.0.0.1", a.port))
s.setblocking(False)

# source address -> [received, first_t, last_t, max_gap_s, start_tick, seq (1000 + packets sent), ssrc,
#                    event_ts, keys_sent]
calls = {}
ended = []  # (source address, the same) for calls that went quiet
received = sent = late = 0
t0 = time.monotonic()
tick = 0


def dump():
    now = time.monotonic()
    out = {}
    for done, items in ((True, ended), (False, calls.items())):
        for n, (addr, c) in enumerate(items):
            name = f"{addr[1]}/{n}" if done else str(addr[1])
            out[name] = [c[0], round(c[1] - t0, 3), round(c[2] - t0, 3), round(c[3] * 1000, 1), c[8], done]
    tmp = a.stats + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"calls": out, "received": received, "sent": sent, "late_ticks": late,
                   "at_s": round(now - t0, 3)}, f)
    os.replace(tmp, a.stats)


def stop(*_):
    dump()
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
recvfrom, sendto, now_fn, pack = s.recvfrom, s.sendto, time.monotonic, struct.pack
next_tick = t0 + TICK_S
next_dump = t0 + 1.0
poller = select.poll()
poller.register(s, select.POLLIN)

while True:
    timeout_ms = max(0.0, (next_tick - now_fn()) * 1000)
    if poller.poll(timeout_ms):
        while True:
            try:
                data, addr = recvfrom(2048)
            except BlockingIOError:
                break
            received += 1
            t = now_fn()
            c = calls.get(addr)
            if c is None:
                c = calls[addr] = [0, t, t, 0.0, tick + 1, 1000, (addr[1] << 8) ^ 0x5EED, 0, 0]
            elif t - c[1] > 1.0 and t - c[2] > c[3]:
                c[3] = t - c[2]
            c[0] += 1
            c[2] = t
    t = now_fn()
    if t < next_tick:
        continue
    tick += 1
    next_tick += TICK_S
    if t - next_tick > TICK_S:  # the process was held up: skip the missed ticks, never burst
        late += 1
        skipped = int((t - next_tick) / TICK_S)
        tick += skipped
        next_tick += skipped * TICK_S
    quiet = []
    for addr, c in calls.items():
        if t - c[2] > a.quiet_s:
            quiet.append(addr)
            continue
        if tick < c[4]:
            continue
        i = c[5] - 1000  # the call's packets so far: a held-up process delays keys, never drops them
        seq = c[5] & 0xFFFF
        c[5] += 1
        step = SCRIPT[i] if i < len(SCRIPT) else None
        if step is None:
            packet = pack("!BBHII", 0x80, 0, seq, (i * 160) & 0xFFFFFFFF, c[6]) + SILENCE
        else:
            event, first, end, duration = step
            if first:
                c[7] = i * 160
                c[8] += 1
            packet = pack("!BBHIIBBH", 0x80, (0x80 if first else 0) | 101, seq, c[7], c[6], event,
                          (0x80 if end else 0) | 10, duration)
        try:
            sendto(packet, addr)
            sent += 1
        except OSError:
            pass
    for addr in quiet:
        ended.append((addr, calls.pop(addr)))
    if t >= next_dump:
        dump()
        next_dump = t + 1.0

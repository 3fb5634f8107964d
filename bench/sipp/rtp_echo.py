#!/usr/bin/env python3
"""RTP echo for media_load.py: one UDP socket that sends every datagram back to its sender
(what sipp -rtp_echo does, but reading in a tight loop with a 4 MiB receive buffer: sipp's echo
drops 1-5 % from 500 calls up). Counts packets, and for the first --sample sources keeps the
RFC 3550 interarrival jitter (arrival spacing vs. RTP timestamp spacing, 8 kHz). Writes
{"packets": n, "jitter_ms": [...], "max_abs_d_ms": [...]} to --stats every second."""
import argparse, json, os, socket, struct, time

p = argparse.ArgumentParser()
p.add_argument("--port", type=int, required=True)
p.add_argument("--stats", required=True)
p.add_argument("--sample", type=int, default=20)
a = p.parse_args()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
s.bind(("127.0.0.1", a.port))
s.settimeout(1.0)
recvfrom, sendto, now = s.recvfrom, s.sendto, time.monotonic
n = 0
sample = {}   # addr -> [last_arrival, last_ts, jitter_s, max_abs_d]
next_dump = now() + 1

def dump():
    tmp = a.stats + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"packets": n, "jitter_ms": [round(v[2] * 1000, 3) for v in sample.values()],
                   "max_abs_d_ms": [round(v[3] * 1000, 3) for v in sample.values()]}, f)
    os.replace(tmp, a.stats)

while True:
    try:
        data, addr = recvfrom(2048)
    except socket.timeout:
        dump(); next_dump = now() + 1
        continue
    sendto(data, addr)
    n += 1
    v = sample.get(addr)
    if v is not None or len(sample) < a.sample:
        t = now()
        ts = struct.unpack_from("!I", data, 4)[0] if len(data) >= 12 else 0
        if v is None:
            sample[addr] = [t, ts, 0.0, 0.0]
        else:
            d = (t - v[0]) - ((ts - v[1]) & 0xFFFFFFFF) / 8000.0
            v[2] += (abs(d) - v[2]) / 16
            v[3] = max(v[3], abs(d))
            v[0], v[1] = t, ts
        if t >= next_dump:
            dump(); next_dump = t + 1

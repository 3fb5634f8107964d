#!/usr/bin/env python3
"""Media load: concurrent relayed G.711 calls with recording (see bench/sipp/README.md).

For each level N (e.g. 100,250,500): a fresh `hotline serve`, the answering phone registered,
sipp UAS `uas_media.xml` with `-rtp_echo` (one socket that sends every RTP packet back), sipp UAC
`uac_media.xml` as the trunk placing N calls at --call-rate cps, each streaming G.711 u-law
(20 ms, 50 packets/s) for the whole hold. RTP path per call: UAC -> server port A -> (relay,
recorder) -> server port B -> echo -> server port B -> server port A -> UAC. Once all N calls are
up, for --window-s seconds: server CPU (process and per thread, by thread name), RSS, datagrams
dropped at the server's RTP sockets and at the echo socket (/proc/net/udp `drops`), and the CPU
of both sipp processes. Loss is also counted end to end from the recordings: each call's WAV
holds one 20 ms frame per packet relayed, so data bytes vs. call time gives the frames missing.
Each level is bounded (sipp -timeout and a kill from here).
"""

import argparse
import contextlib
import glob
import json
import os
import struct
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import loadtest as lt  # noqa: E402

ECHO_PORT = 40000       # sipp -rtp_echo socket (UAS media port)
UAC_RTP = (42000, 59999)  # sipp rtp_stream ports (UAC); they never read, so their drops are ignored


def write_pcmu_wav(path, seconds=10):
    """A u-law WAV (format 7) with a 400 Hz tone, which sipp's rtp_stream plays in a loop."""
    import math
    def ulaw(s):
        s = max(-32635, min(32635, s)); sign = 0x80 if s < 0 else 0; s = abs(s) + 132
        exp = 7
        for e in range(7, -1, -1):
            if s & (0x4000 >> (7 - e)) or e == 0:
                exp = e; break
        exp = max(0, (s.bit_length() - 8)); exp = min(exp, 7)
        mant = (s >> (exp + 3)) & 0x0F
        return (~(sign | (exp << 4) | mant)) & 0xFF
    data = bytes(ulaw(int(8000 * math.sin(2 * math.pi * 400 * i / 8000))) for i in range(8000 * seconds))
    fmt = struct.pack("<HHIIHH", 7, 1, 8000, 8000, 1, 8)
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + len(data)) + b"WAVE")
        f.write(b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data)


def rtp_drops(lo, hi, extra_ports=()):
    """Sum of /proc/net/udp `drops` over loopback sockets with lo <= port <= hi, and per extra port."""
    total, extra = 0, {p: 0 for p in extra_ports}
    with open("/proc/net/udp") as f:
        next(f)
        for line in f:
            fields = line.split()
            port = int(fields[1].split(":")[1], 16)
            if lo <= port <= hi:
                total += int(fields[-1])
            if port in extra:
                extra[port] += int(fields[-1])
    return total, extra


def thread_names(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        with contextlib.suppress(FileNotFoundError):
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                out[int(tid)] = f.read().strip()
    return out


def recordings(data_dir):
    files = [p for p in glob.glob(os.path.join(data_dir, "recordings", "**", "*.wav"), recursive=True)]
    info = {"files": len(files), "bytes": sum(os.path.getsize(p) for p in files)}
    if files:
        with open(files[0], "rb") as f:
            head = f.read(44)
        ch, rate, _, _, bits = struct.unpack("<HIIHH", head[22:36])
        info.update(channels=ch, rate=rate, bits=bits)
        info["bytes_per_s"] = ch * rate * bits // 8
        info["empty_files"] = sum(1 for p in files if os.path.getsize(p) <= 44)
    return info


def level(binary, workroot, calls, rate, window_s, settle_s, echo_buffsize=0, echo="python"):
    echo_args = ["-rtp_buffsize", str(echo_buffsize)] if echo_buffsize else []
    workdir = tempfile.mkdtemp(prefix=f"media-{calls}-", dir=workroot)
    ports = set()
    trunk_port, phone_port = lt.free_port(ports), lt.free_port(ports)
    server = lt.Server(binary, workdir, trunk_port, extensions=0)
    res = {"calls": calls, "call_rate": rate, "window_s": window_s, "loadavg_before": lt.loadavg()}
    try:
        reg = lt.register(workdir, "register-phone", server, phone_port, int(lt.PHONE), 1, 1)
        if reg.get("SuccessfulCall(C)") != 1:
            raise RuntimeError(f"the answering phone did not register: {reg}")
        ramp_s = calls / rate
        hold_s = ramp_s + settle_s + window_s + 2
        timeout_s = int(hold_s + 40)
        rss0 = lt.rss_kb(server.pid)
        echo_stats = os.path.join(workdir, "echo.json")
        if echo == "python":
            echo_port = ECHO_PORT + 10
            echo_proc = lt.spawn([sys.executable, os.path.join(lt.HERE, "rtp_echo.py"), "--port", str(echo_port),
                                  "--stats", echo_stats], os.path.join(workdir, "echo.log"))
            echo_args = ["-mp", str(ECHO_PORT)]
        else:
            echo_port, echo_proc = ECHO_PORT, None
            echo_args = ["-rtp_echo", "-mp", str(ECHO_PORT), *echo_args]
        uas = lt.Sipp("uas", workdir, "uas_media.xml", phone_port, None,
                      ["-mi", "127.0.0.1", "-set", "echo_port", str(echo_port), *echo_args, "-recv_timeout", str(int(hold_s + 30) * 1000)],
                      timeout_s)
        uac_dir = os.path.join(workdir, "uac")
        os.makedirs(uac_dir, exist_ok=True)
        write_pcmu_wav(os.path.join(uac_dir, "pcmu.wav"))
        time.sleep(0.3)
        uac = lt.Sipp("uac", workdir, "uac_media.xml", trunk_port, f"127.0.0.1:{server.sip_port}",
                      ["-s", lt.DID, "-r", str(rate), "-m", str(calls), "-l", str(calls + 10),
                       "-d", str(int(hold_s * 1000)), "-recv_timeout", "10000",
                       "-mi", "127.0.0.1", "-mp", str(UAC_RTP[0]), "-rtp_payload", "0",
                       "-rtp_threadtasks", "50"], timeout_s)
        up_deadline = time.monotonic() + ramp_s + 10
        up = 0
        while time.monotonic() < up_deadline:
            with contextlib.suppress(OSError, ValueError):
                up = server.health().get("calls_in_progress", 0)
            if up >= calls:
                break
            time.sleep(0.5)
        time.sleep(settle_s)
        names = thread_names(server.pid)
        sipp_pids = {"uac": uac.proc.pid, "uas": uas.proc.pid}
        if echo_proc:
            sipp_pids["echo"] = echo_proc.pid
        def echo_read():
            with contextlib.suppress(OSError, ValueError):
                with open(echo_stats) as f:
                    return json.load(f)
            return {}
        ep0 = echo_read()
        d0, e0 = rtp_drops(20000, 31999, [echo_port])
        u0, _ = rtp_drops(UAC_RTP[0], UAC_RTP[1])
        sipp0 = {k: lt.cpu_ticks(p) for k, p in sipp_pids.items()}
        snmp0 = lt.udp_rcvbuf_errors()
        cpu = lt.CpuWindow(server.pid)
        time.sleep(window_s)
        th1 = lt.thread_ticks(server.pid)
        win = cpu.stop()
        ep1 = echo_read()
        d1, e1 = rtp_drops(20000, 31999, [echo_port])
        u1, _ = rtp_drops(UAC_RTP[0], UAC_RTP[1])
        sipp1 = {k: lt.cpu_ticks(p) for k, p in sipp_pids.items()}
        with contextlib.suppress(OSError, ValueError):
            res["calls_up"] = server.health().get("calls_in_progress", 0)
        res["calls_up_at_start"] = up
        res["rss_kb"] = lt.rss_kb(server.pid)
        res["rss_registered_kb"] = rss0
        res["rss_per_call_kb"] = round((res["rss_kb"] - rss0) / max(res.get("calls_up", 0), 1), 1)
        res.update(win)
        res["server_cpu_per_call_pct"] = round(win["server_cpu_pct"] / max(res.get("calls_up", 1), 1), 4)
        # per thread, by name (summed over threads of the same name)
        per = {}
        for tid, t in th1.items():
            name = f"{names.get(tid, '?')}/{tid}" if tid != server.pid else "core(main)"
            per[name] = per.get(name, 0) + (t - cpu.threads0.get(tid, 0))
        res["threads_cpu_pct"] = {n: round(100 * t / lt.CLK_TCK / win["wall_s"], 1)
                                  for n, t in sorted(per.items(), key=lambda x: -x[1]) if t}
        res["sipp_cpu_pct"] = {k: round(100 * (sipp1[k] - sipp0[k]) / lt.CLK_TCK / win["wall_s"], 1)
                               for k in sipp_pids}
        pkts = res.get("calls_up", 0) * 50 * win["wall_s"]
        res["server_rtp_rx_expected"] = int(2 * pkts)   # port A from the UAC + port B from the echo
        res["server_rtp_drops"] = d1 - d0
        res["echo_rx_expected"] = int(pkts)
        res["echo_drops"] = e1[echo_port] - e0[echo_port]
        # The UAC's rtp_stream sockets never read: once their buffers are full, every packet that
        # made the whole round trip (UAC -> server -> echo -> server -> UAC) is counted as a drop
        # there, so these "drops" are the packets delivered end to end.
        res["round_trip_delivered"] = u1 - u0
        res["round_trip_loss_pct"] = round(100 * (1 - (u1 - u0) / max(pkts, 1)), 3)
        res["udp_rcvbuf_errors_all"] = lt.udp_rcvbuf_errors() - snmp0  # includes the UAC's unread sockets
        res["loss_pct_server_sockets"] = round(100 * res["server_rtp_drops"] / max(2 * pkts, 1), 4)
        res["loss_pct_echo_socket"] = round(100 * res["echo_drops"] / max(pkts, 1), 4)
        res["echo"] = echo
        if ep1:
            res["echo_received"] = ep1.get("packets", 0) - ep0.get("packets", 0)
            j = ep1.get("jitter_ms", [])
            res["jitter_sample_calls"] = len(j)
            res["jitter_ms_mean"] = round(sum(j) / len(j), 3) if j else None
            res["jitter_ms_max"] = max(j) if j else None
            res["transit_dev_ms_max"] = max(ep1.get("max_abs_d_ms", [0]) or [0])
        uac_stats = uac.finish()
        uas_stats = uas.stop()
        res["successful_calls"] = uac_stats.get("SuccessfulCall(C)", 0)
        res["failed_calls"] = uac_stats.get("FailedCall(C)", 0) + uas_stats.get("FailedCall(C)", 0)
        res["calls_left_in_server"] = server.wait_idle()
        time.sleep(1)
        res["hold_s"] = round(hold_s, 1)
        if echo_proc:
            echo_proc.terminate()
    finally:
        res["server_exit"] = server.stop()
        res["server_errors"] = server.log_lines("error")[:10]
    rec = recordings(server.data)
    res["recordings"] = rec
    if rec.get("files") and rec.get("bytes_per_s"):
        audio_s = (rec["bytes"] - 44 * rec["files"]) / rec["bytes_per_s"]
        res["recorded_s_per_call"] = round(audio_s / rec["files"], 2)
    lt.log(f"media {calls}: {json.dumps(res)}")
    res["workdir"] = workdir
    return res


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=os.path.join(lt.ROOT, "build", "hotline"))
    p.add_argument("--levels", default="100,250,500,750,1000")
    p.add_argument("--call-rate", type=int, default=100)
    p.add_argument("--window-s", type=int, default=20)
    p.add_argument("--settle-s", type=int, default=3)
    p.add_argument("--max-loss-pct", type=float, default=0.1)
    p.add_argument("--echo-buffsize", type=int, default=0,
                   help="sipp -rtp_buffsize for the echoing UAS (socket buffer; capped by net.core.rmem_max)")
    p.add_argument("--echo", choices=["python", "sipp"], default="python",
                   help="who echoes the phone leg's RTP: rtp_echo.py (default) or sipp -rtp_echo")
    p.add_argument("--json")
    p.add_argument("--keep", action="store_true")
    a = p.parse_args()
    workroot = tempfile.mkdtemp(prefix="hotline-media-")
    results = []
    try:
        for n in [int(x) for x in a.levels.split(",") if x]:
            r = level(a.binary, workroot, n, a.call_rate, a.window_s, a.settle_s, a.echo_buffsize, a.echo)
            results.append(r)
            if not a.keep:  # ~1 GB of recordings per 1,000 calls
                import shutil
                shutil.rmtree(r.pop("workdir"), ignore_errors=True)
            loss = max(r.get("loss_pct_server_sockets", 100), r.get("loss_pct_echo_socket", 100))
            if r.get("failed_calls") or loss >= a.max_loss_pct or r.get("calls_up", 0) < n:
                lt.log(f"media {n}: fails the criterion (loss {loss} %, failed {r.get('failed_calls')}); stopping")
                break
    finally:
        if a.json:
            with open(a.json, "w") as f:
                json.dump(results, f, indent=1)
        if not a.keep:
            import shutil
            shutil.rmtree(workroot, ignore_errors=True)
        else:
            lt.log(f"kept {workroot}")
    print("| calls | up | server CPU % | per call % | busiest threads % | sipp uac/uas % | RSS/call KiB | server RTP drops | echo drops | rec s/call | round-trip loss % | jitter ms (mean/max of sample) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        th = ", ".join(f"{k} {v}" for k, v in list(r.get("threads_cpu_pct", {}).items())[:3])
        s = r.get("sipp_cpu_pct", {})
        print(f"| {r['calls']} | {r.get('calls_up')} | {r.get('server_cpu_pct')} | {r.get('server_cpu_per_call_pct')} | {th} | "
              f"{s.get('uac')}/{s.get('uas')} | {r.get('rss_per_call_kb')} | {r.get('server_rtp_drops')} "
              f"({r.get('loss_pct_server_sockets')} %) | {r.get('echo_drops')} ({r.get('loss_pct_echo_socket')} %) | "
              f"{r.get('recorded_s_per_call')} / {r.get('hold_s')} | {r.get('round_trip_loss_pct')} | {r.get('jitter_ms_mean')}/{r.get('jitter_ms_max')} |")


if __name__ == "__main__":
    main()

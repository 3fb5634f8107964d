#!/usr/bin/env python3
"""IVR load: concurrent calls in an IVR flow with prompts and RFC 4733 keys (see bench/sipp/README.md).

For each level N (e.g. 250,500,1000,1500): a fresh `hotline serve` whose access number 6XXXX
targets the flow FLOW below (published with `hotline flow publish`); sipp UAC `uac_ivr.xml` as
the carrier trunk places N calls at --call-rate cps and holds each one; the server answers every
call itself and runs the flow on it. Each call's media is played by `ivr_caller.py` (one Python
process, one UDP socket for all calls): 50 packets/s of PCMU silence back to the server like a
phone, and the keys of a caller who goes through the flow: 1 in the welcome menu, 2 in the
second menu, 12345# into the account-number collect node; then the call stays in the flow's
looping hold prompt until sipp hangs up. Once every call is up and past its keys (--settle-s), a
--window-s window measures:

- concurrent calls: the server's `calls_in_progress`, and calls whose prompt audio arrives in the
  window (>= --heard-pct of 50 packets/s; the others count as failed);
- server CPU (process, per thread) and the machine's CPUs (/proc/stat), RSS growth per call;
- datagrams dropped at the server's RTP sockets and at the callers' socket (/proc/net/udp);
- the CPU of the callers' process and of sipp;

and after the calls, from the SQLite store: per call the IVR trail on the timeline (`ivr` event:
path, keys, variables) — "keys recognised" means the trail has exactly the keys sent, the account
variable is 12345 and the call reached the hold node — and the `dtmf` events (rfc4733).
Calls are recorded as a new tenant's are (stereo; --recording off to compare). A level is clean
when no call failed in sipp, every call was up, heard its prompts in the window and had its keys
recognised. The run stops at the first level that is not clean.
"""

import argparse
import contextlib
import json
import os
import resource
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import loadtest as lt  # noqa: E402
import media_load  # noqa: E402

DID = "60000"
CALLER_PORT = 40100  # ivr_caller.py's socket: every call's SDP offer names it
KEYS_PLAN = "1.0:1,2.5:2,4.0:12345#"  # seconds after the first prompt packet: keys pressed
EXPECTED_KEYS = "1212345#"
EXPECTED_ACCOUNT = "12345"


def tts(text):
    return {"type": "tts", "text": text, "language": "en"}


FLOW = {
    "name": "bench ivr",
    "start": "welcome",
    "nodes": {
        "welcome": {
            "type": "menu",
            "prompt": [tts("Welcome to the hotline. For your account, press 1. For an agent, press 0.")],
            "keys": {"1": "account_menu", "0": "bye"},
            "variable": "choice",
            "timeout_ms": 10000,
            "max_retries": 1,
            "invalid_prompt": [tts("Sorry, that key is not valid.")],
            "on_failure": "bye",
        },
        "account_menu": {
            "type": "menu",
            "prompt": [tts("For your balance, press 2. To go back, press star.")],
            "keys": {"2": "account", "*": "welcome"},
            "variable": "service",
            "timeout_ms": 10000,
            "max_retries": 1,
            "on_failure": "bye",
        },
        "account": {
            "type": "collect",
            "prompt": [tts("Please enter your account number, then the hash key.")],
            "min_digits": 4,
            "max_digits": 12,
            "terminator": "#",
            "validation": "^[0-9]{4,12}$",
            "variable": "account",
            "timeout_ms": 10000,
            "max_retries": 1,
            "invalid_prompt": [tts("That account number is not valid.")],
            "next": "hold",
            "on_failure": "bye",
        },
        "hold": {
            "type": "play",
            "items": [tts("Thank you. All our agents are busy, please hold."),
                      {"type": "tone", "tone": "ringback", "duration_ms": 4000, "region": "china"}],
            "interruptible": False,
            "next": "hold",
        },
        "bye": {"type": "play", "items": [{"type": "tone", "tone": "busy", "duration_ms": 700}], "next": "end"},
        "end": {"type": "hangup", "cause": "normal"},
    },
}


def provisioning(recording_mode):
    return lambda server: provision(server, recording_mode)


def provision(server, recording_mode):
    server._admin("tenant", "set", "--data", server.data, "--recording-mode", recording_mode)
    path = os.path.join(server.workdir, "flow.json")
    with open(path, "w") as f:
        json.dump(FLOW, f)
    server._admin("flow", "publish", "--data", server.data, "--name", "bench", "--file", path)
    server._admin("number", "add", "--data", server.data, "--pattern", "6XXXX", "--target", "flow:bench",
                  "--trunk", "carrier")


def cpu_times():
    """Busy and total jiffies per CPU (/proc/stat cpuN lines)."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu") and line[3].isdigit():
                name, *v = line.split()
                v = [int(x) for x in v]
                idle = v[3] + v[4]
                out[name] = (sum(v) - idle, sum(v))
    return out


def cpu_busy_pct(before, after):
    return {n: round(100 * (after[n][0] - before[n][0]) / max(after[n][1] - before[n][1], 1), 1) for n in after}


def read_stats(path):
    with contextlib.suppress(OSError, ValueError):
        with open(path) as f:
            return json.load(f)
    return {}


def trails(data_dir):
    """Per SIP Call-ID: the last ivr trail and the RFC 4733 keys on the call's timeline."""
    db = sqlite3.connect(f"file:{os.path.join(data_dir, 'hotline.db')}?mode=ro", uri=True, timeout=10)
    try:
        out = {}
        for sip_id, kind, detail, source in db.execute(
                "SELECT c.sip_call_id, e.kind, e.detail, e.source FROM call_events e JOIN calls c ON c.id = e.call_id "
                "WHERE e.kind IN ('ivr', 'dtmf') ORDER BY e.id"):
            call = out.setdefault(sip_id, {"trail": None, "dtmf": ""})
            if kind == "ivr":
                call["trail"] = json.loads(detail)
            elif source == "rfc4733":
                call["dtmf"] += detail
        calls = db.execute("SELECT COUNT(*), SUM(disposition = 'answered') FROM calls WHERE callee LIKE '6%'").fetchone()
        return out, {"cdrs": calls[0], "answered": calls[1] or 0}
    finally:
        db.close()


def keys_recognised(call):
    t = call.get("trail") or {}
    return (t.get("keys") == EXPECTED_KEYS and t.get("variables", {}).get("account") == EXPECTED_ACCOUNT
            and "hold" in t.get("path", []))


def level(binary, workroot, calls, rate, window_s, settle_s, heard_pct, recording_mode):
    workdir = tempfile.mkdtemp(prefix=f"ivr-{calls}-", dir=workroot)
    ports = set()
    trunk_port = lt.free_port(ports)
    server = lt.Server(binary, workdir, trunk_port, extensions=0, provision=provisioning(recording_mode))
    res = {"calls": calls, "call_rate": rate, "window_s": window_s, "recording": recording_mode,
           "loadavg_before": lt.loadavg()}
    caller = None
    try:
        ramp_s = calls / rate
        hold_s = ramp_s + settle_s + window_s + 2
        timeout_s = int(hold_s + 40)
        time.sleep(1)
        rss0 = lt.rss_kb(server.pid)
        stats_path = os.path.join(workdir, "caller.json")
        caller = lt.spawn([sys.executable, os.path.join(lt.HERE, "ivr_caller.py"), "--port", str(CALLER_PORT),
                           "--stats", stats_path, "--keys", KEYS_PLAN], os.path.join(workdir, "caller.log"))
        ports_file = os.path.join(workdir, "media-ports.csv")
        with open(ports_file, "w") as f:
            f.write(f"SEQUENTIAL\n{CALLER_PORT}\n")
        time.sleep(0.3)
        uac = lt.Sipp("uac", workdir, "uac_ivr.xml", trunk_port, f"127.0.0.1:{server.sip_port}",
                      ["-s", DID, "-inf", ports_file, "-r", str(rate), "-m", str(calls), "-l", str(calls + 10),
                       "-d", str(int(hold_s * 1000)), "-recv_timeout", "10000"], timeout_s)
        up_deadline = time.monotonic() + ramp_s + 10
        up = 0
        while time.monotonic() < up_deadline:
            with contextlib.suppress(OSError, ValueError):
                up = server.health().get("calls_in_progress", 0)
            if up >= calls:
                break
            time.sleep(0.5)
        res["ramp_s"] = round(ramp_s, 1)
        time.sleep(settle_s)
        names = media_load.thread_names(server.pid)
        d0, e0 = media_load.rtp_drops(20000, 31999, [CALLER_PORT])
        s0 = read_stats(stats_path)
        caller_ticks0 = lt.cpu_ticks(caller.pid)
        uac_ticks0 = lt.cpu_ticks(uac.proc.pid)
        machine0 = cpu_times()
        cpu = lt.CpuWindow(server.pid)
        time.sleep(window_s)
        th1 = lt.thread_ticks(server.pid)
        win = cpu.stop()
        machine1 = cpu_times()
        s1 = read_stats(stats_path)
        d1, e1 = media_load.rtp_drops(20000, 31999, [CALLER_PORT])
        res["caller_cpu_pct"] = round(100 * (lt.cpu_ticks(caller.pid) - caller_ticks0) / lt.CLK_TCK / win["wall_s"], 1)
        res["sipp_cpu_pct"] = round(100 * (lt.cpu_ticks(uac.proc.pid) - uac_ticks0) / lt.CLK_TCK / win["wall_s"], 1)
        with contextlib.suppress(OSError, ValueError):
            res["calls_up"] = server.health().get("calls_in_progress", 0)
        res["calls_up_at_start"] = up
        res["rss_kb"] = lt.rss_kb(server.pid)
        res["rss_before_kb"] = rss0
        res["rss_per_call_kb"] = round((res["rss_kb"] - rss0) / max(res.get("calls_up", 0), 1), 1)
        res.update(win)
        res["machine_cpu_busy_pct"] = cpu_busy_pct(machine0, machine1)
        per = {}
        for tid, t in th1.items():
            name = f"{names.get(tid, '?')}/{tid}" if tid != server.pid else "core(main)"
            per[name] = per.get(name, 0) + (t - cpu.threads0.get(tid, 0))
        res["threads_cpu_pct"] = {n: round(100 * t / lt.CLK_TCK / win["wall_s"], 1)
                                  for n, t in sorted(per.items(), key=lambda x: -x[1]) if t}
        # Prompt audio per call over the window: the server plays 50 packets/s to every call.
        window_wall = s1.get("at_s", 0) - s0.get("at_s", 0)
        nominal = 50 * window_wall
        before = s0.get("calls", {})
        got = sorted(v[0] - before.get(k, [0])[0] for k, v in s1.get("calls", {}).items() if not v[5])
        res["calls_receiving"] = sum(1 for g in got if g > 0)
        res["calls_heard"] = sum(1 for g in got if g >= heard_pct / 100 * nominal)
        res["prompt_packets_per_call"] = {"nominal": round(nominal), "min": got[0] if got else 0,
                                          "median": got[len(got) // 2] if got else 0}
        res["prompt_delivery_pct"] = round(100 * sum(got) / max(nominal * calls, 1), 2)
        gaps = sorted(v[3] for v in s1.get("calls", {}).values() if not v[5])
        res["max_gap_ms"] = {"median": gaps[len(gaps) // 2] if gaps else None, "max": gaps[-1] if gaps else None}
        res["caller_late_ticks"] = s1.get("late_ticks", 0) - s0.get("late_ticks", 0)
        res["server_rtp_drops"] = d1 - d0
        res["caller_socket_drops"] = e1[CALLER_PORT] - e0[CALLER_PORT]
        uac_stats = uac.finish()
        res["successful_calls"] = uac_stats.get("SuccessfulCall(C)", 0)
        res["failed_calls"] = uac_stats.get("FailedCall(C)", 0)
        res["calls_left_in_server"] = server.wait_idle()
        time.sleep(1)
        res["hold_s"] = round(hold_s, 1)
    finally:
        if caller is not None and caller.poll() is None:
            caller.terminate()
            with contextlib.suppress(Exception):
                caller.wait(timeout=5)
        res["server_exit"] = server.stop()
        res["server_errors"] = server.log_lines("error")[:10]
    per_call, cdrs = trails(server.data)
    res.update(cdrs)
    res["ivr_trails"] = sum(1 for c in per_call.values() if c["trail"])
    res["keys_recognised"] = sum(1 for c in per_call.values() if keys_recognised(c))
    res["rfc4733_keys_on_timeline"] = sum(len(c["dtmf"]) for c in per_call.values())
    wrong = [c["trail"] for c in per_call.values() if not keys_recognised(c)]
    res["unrecognised_sample"] = [{k: t.get(k) for k in ("keys", "path", "end", "errors")} if t else None
                                  for t in wrong[:3]]
    res["clean"] = (res.get("failed_calls", 1) == 0 and res.get("calls_up_at_start", 0) >= calls
                    and res.get("calls_heard", 0) >= calls and res["keys_recognised"] >= calls)
    lt.log(f"ivr {calls}: {json.dumps(res)}")
    res["workdir"] = workdir
    return res


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=os.path.join(lt.ROOT, "build", "hotline"))
    p.add_argument("--levels", default="250,500,1000,1500")
    p.add_argument("--call-rate", type=int, default=100)
    p.add_argument("--window-s", type=int, default=20)
    p.add_argument("--settle-s", type=int, default=8, help="after the last call is up: its keys take ~5.6 s")
    p.add_argument("--heard-pct", type=float, default=90, help="a call hears its prompts: this share of 50 packets/s")
    p.add_argument("--recording", choices=["stereo", "mono", "off"], default="stereo",
                   help="the tenant's recording mode (stereo: the default of a new tenant, every call recorded)")
    p.add_argument("--json")
    p.add_argument("--keep", action="store_true")
    a = p.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))
    workroot = tempfile.mkdtemp(prefix="hotline-ivr-")
    results = []
    try:
        for n in [int(x) for x in a.levels.split(",") if x]:
            r = level(a.binary, workroot, n, a.call_rate, a.window_s, a.settle_s, a.heard_pct, a.recording)
            results.append(r)
            if not a.keep:
                import shutil
                shutil.rmtree(r.pop("workdir"), ignore_errors=True)
            if not r["clean"]:
                lt.log(f"ivr {n}: not clean (failed {r.get('failed_calls')}, heard {r.get('calls_heard')}, "
                       f"keys {r.get('keys_recognised')}); stopping")
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
    print("| calls | up | heard prompts | keys recognised | failed | server CPU % | busiest threads % | machine CPUs busy % "
          "| caller/sipp CPU % | RSS/call KiB | prompt delivery % (min/median of nominal pkts) | RTP drops server/caller | load before |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        th = ", ".join(f"{k} {v}" for k, v in list(r.get("threads_cpu_pct", {}).items())[:2])
        m = "/".join(str(v) for v in r.get("machine_cpu_busy_pct", {}).values())
        pk = r.get("prompt_packets_per_call", {})
        print(f"| {r['calls']} | {r.get('calls_up')} | {r.get('calls_heard')} | {r.get('keys_recognised')} | "
              f"{r.get('failed_calls')} | {r.get('server_cpu_pct')} | {th} | {m} | {r.get('caller_cpu_pct')}/{r.get('sipp_cpu_pct')} | "
              f"{r.get('rss_per_call_kb')} | {r.get('prompt_delivery_pct')} ({pk.get('min')}/{pk.get('median')} of {pk.get('nominal')}) | "
              f"{r.get('server_rtp_drops')}/{r.get('caller_socket_drops')} | {r['loadavg_before']} |")
    clean = [r["calls"] for r in results if r["clean"]]
    print(f"largest clean level: {max(clean) if clean else 'none'}")


if __name__ == "__main__":
    main()

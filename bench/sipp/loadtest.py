#!/usr/bin/env python3
"""SIP load runs against a real Hotline server, driven by sipp (see bench/sipp/README.md).

Three runs, each against a fresh server in a temporary data folder on free loopback ports:

  calls      call setup rate: sipp UAC as a trunk -> hotline (B2BUA) -> sipp UAS as a registered
             phone; steps up the rate and keeps the best step with no failed call.
  register   REGISTER with digest auth cycling over 10,000 extensions; steps up the rate likewise.
  rss        resident memory before and after 10,000 registrations and with 1,000 calls held up.

Every run is bounded (sipp -timeout plus a kill from here), child processes are ended at exit, and
the figures are printed as a table and written as JSON (--json). Numbers depend on the machine and
on what else runs on it; nothing is asserted.
"""

import argparse
import atexit
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024

PASSWORD = "benchpass1"
FIRST_EXTENSION = 20000
EXTENSIONS = 10000
PHONE = "19999"  # the answering phone (sipp UAS) that the trunk's DIDs ring
DID = "50000"
RTP_PORTS = "20000-31999"  # below Linux's ephemeral range, so sipp and the test ports stay clear

_children = []


def log(msg):
    print(f"[loadtest {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _kill_children():
    for proc in _children:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            with contextlib.suppress(Exception):
                proc.wait(timeout=5)


atexit.register(_kill_children)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def spawn(args, log_path, **kwargs):
    out = open(log_path, "wb")
    proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, **kwargs)
    out.close()
    _children.append(proc)
    return proc


def free_port(taken):
    """A port free for both UDP and TCP on loopback (SIP binds both), not in `taken`."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = udp.getsockname()[1]
            try:
                with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                    tcp.bind(("127.0.0.1", port))
            except OSError:
                continue
        if port not in taken:
            taken.add(port)
            return port
    raise RuntimeError("no free loopback port")


# --- /proc readings -------------------------------------------------------------------------

def stat_fields(pid, tid=None):
    path = f"/proc/{pid}/task/{tid}/stat" if tid else f"/proc/{pid}/stat"
    with open(path) as f:
        return f.read().rsplit(")", 1)[1].split()  # fields from 3 (state) on


def cpu_ticks(pid, tid=None):
    fields = stat_fields(pid, tid)
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15)


def core_thread_split(pid):
    """utime and stime ticks of the core thread, and the process's minor page faults."""
    core = stat_fields(pid, pid)
    return int(core[11]), int(core[12]), int(stat_fields(pid)[7])


def thread_ticks(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        with contextlib.suppress(FileNotFoundError):
            out[int(tid)] = cpu_ticks(pid, tid)
    return out


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


class CpuWindow:
    """Server CPU over a stretch of wall time: the whole process and the core loop thread
    (the main thread: serve() runs the sofia root there), plus the busiest other thread."""

    def __init__(self, pid):
        self.pid = pid
        self.t0 = time.monotonic()
        self.proc0 = cpu_ticks(pid)
        self.threads0 = thread_ticks(pid)
        self.split0 = core_thread_split(pid)

    def stop(self):
        wall = time.monotonic() - self.t0
        proc = (cpu_ticks(self.pid) - self.proc0) / CLK_TCK
        threads = thread_ticks(self.pid)
        deltas = {tid: (t - self.threads0.get(tid, 0)) / CLK_TCK for tid, t in threads.items()}
        core = deltas.get(self.pid, 0.0)
        utime, stime, minflt = (b - a for a, b in zip(self.split0, core_thread_split(self.pid)))
        others = sorted((d for tid, d in deltas.items() if tid != self.pid), reverse=True)
        return {
            "wall_s": round(wall, 2),
            "server_cpu_s": round(proc, 2),
            "server_cpu_pct": round(100 * proc / wall, 1),
            "core_thread_cpu_pct": round(100 * core / wall, 1),
            "core_thread_user_sys_pct": [round(100 * utime / CLK_TCK / wall, 1), round(100 * stime / CLK_TCK / wall, 1)],
            "minor_faults_per_s": round(minflt / wall),
            "busiest_other_thread_cpu_pct": round(100 * others[0] / wall, 1) if others else 0.0,
        }


# --- the server ------------------------------------------------------------------------------

class Server:
    """`provision(server)`, if given, runs after the standard provisioning and before the server
    starts (more numbers, flows: see ivr_load.py)."""

    def __init__(self, binary, workdir, trunk_port, extensions, provision=None):
        self.binary = binary
        self.data = os.path.join(workdir, "data")
        self.workdir = workdir
        self.ports = {trunk_port}
        self.sip_port = free_port(self.ports)
        self.http_port = free_port(self.ports)
        self.trunk_port = trunk_port
        self._admin("init", "--data", self.data, "--demo")
        self._admin("extension", "add", "--data", self.data, "--extension", PHONE, "--password", PASSWORD)
        if extensions:
            self._admin("extension", "add", "--data", self.data, "--extension", str(FIRST_EXTENSION),
                        "--count", str(extensions), "--password", PASSWORD)
        self._admin("trunk", "add", "--data", self.data, "--name", "carrier", "--host", "127.0.0.1",
                    "--port", str(trunk_port))
        self._admin("number", "add", "--data", self.data, "--pattern", "5XXXX", "--target", PHONE,
                    "--trunk", "carrier")
        if provision:
            provision(self)
        self.proc = spawn([binary, "serve", "--data", self.data, "--bind", "127.0.0.1",
                           "--sip-port", str(self.sip_port), "--http-port", str(self.http_port),
                           "--rtp-ports", RTP_PORTS, "--ring-timeout", "30"],
                          os.path.join(workdir, "server.log"))
        self.pid = self.proc.pid
        self._wait_healthy()

    def _admin(self, *args):
        subprocess.run([self.binary, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=120)

    def health(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/api/v1/health", timeout=3) as r:
            return json.loads(r.read())

    def _wait_healthy(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.workdir}/server.log")
            with contextlib.suppress(OSError, ValueError):
                if self.health().get("status") == "ok":
                    return
            time.sleep(0.1)
        raise RuntimeError("server not healthy within 30 s")

    def wait_idle(self, timeout_s=20):
        """Waits until no call is in progress; returns the last count seen."""
        deadline = time.monotonic() + timeout_s
        n = -1
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, ValueError):
                n = self.health().get("calls_in_progress", -1)
                if n == 0:
                    return 0
            time.sleep(0.2)
        return n

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def log_lines(self, level):
        with open(os.path.join(self.workdir, "server.log"), errors="replace") as f:
            return [line.rstrip() for line in f if f"[{level}]" in line]


# --- sipp ------------------------------------------------------------------------------------

FAILURE_COUNTERS = ["FailedCall(C)", "FailedUnexpectedMessage(C)", "FailedMaxUDPRetrans(C)",
                    "FailedTimeoutOnRecv(C)", "FailedCallRejected(C)", "FatalErrors(C)"]


class Sipp:
    """One sipp process; `finish()` waits for it and returns its counters and CPU time."""

    def __init__(self, name, workdir, scenario, port, server, extra, timeout_s):
        self.name = name
        self.dir = os.path.join(workdir, name)
        os.makedirs(self.dir, exist_ok=True)
        self.stat_file = os.path.join(self.dir, "stat.csv")
        self.timeout_s = timeout_s
        args = ["sipp", "-sf", os.path.join(HERE, scenario), "-i", "127.0.0.1", "-p", str(port),
                "-nostdin", "-trace_stat", "-stf", self.stat_file, "-fd", "1",
                "-trace_err", "-error_file", os.path.join(self.dir, "errors.log"),
                "-timeout", f"{timeout_s}s", "-timeout_error", *extra]
        if server:
            args.append(server)
        self.started = time.monotonic()
        self.rusage = None
        self.wall_s = 0.0
        self.proc = spawn(args, os.path.join(self.dir, "screen.log"), cwd=self.dir)

    def _reap(self, block):
        """Collects the exit status and CPU time (wait4, not Popen.poll, which would drop the
        rusage); returns True once sipp has exited."""
        if self.rusage is None:
            pid, status, rusage = os.wait4(self.proc.pid, 0 if block else os.WNOHANG)
            if not pid:
                return False
            self.proc.returncode = os.waitstatus_to_exitcode(status)
            self.rusage = rusage
            self.wall_s = time.monotonic() - self.started
        return True

    def finish(self, grace_s=10, deadline=None):
        deadline = deadline or self.started + self.timeout_s + grace_s
        while not self._reap(block=False):
            if time.monotonic() > deadline:
                log(f"{self.name}: still running at its deadline, killed")
                self.proc.kill()
                self._reap(block=True)
                break
            time.sleep(0.05)
        stats = read_stats(self.stat_file)
        stats["exit_code"] = self.proc.returncode
        stats["cpu_s"] = round(self.rusage.ru_utime + self.rusage.ru_stime, 2)
        stats["wall_s"] = round(self.wall_s, 2)
        return stats

    def stop(self):
        """Ends a sipp that waits for more calls (the phone): SIGUSR1 makes it exit once its
        calls are over."""
        if not self._reap(block=False):
            self.proc.send_signal(signal.SIGUSR1)
        return self.finish(deadline=time.monotonic() + 5)


def read_stats(path):
    """The counters of the last row of a sipp -trace_stat file, plus per-row creation times."""
    if not os.path.exists(path):
        return {"rows": []}
    with open(path) as f:
        lines = [line.rstrip("\n") for line in f if line.strip()]
    if len(lines) < 2:
        return {"rows": []}
    header = lines[0].split(";")
    rows = []
    for line in lines[1:]:
        row = dict(zip(header, line.split(";")))
        with contextlib.suppress(ValueError, IndexError, KeyError):
            rows.append({
                "t": float(row["CurrentTime"].split("\t")[2]) - float(row["StartTime"].split("\t")[2]),
                "created": int(row["TotalCallCreated"]),
                "successful": int(row["SuccessfulCall(C)"]),
            })
    last = dict(zip(header, lines[-1].split(";")))
    out = {"rows": rows}
    for key in FAILURE_COUNTERS + ["SuccessfulCall(C)", "TotalCallCreated", "Retransmissions(C)",
                                   "OutOfCallMsgs(C)", "DeadCallMsgs(C)", "CallLength(C)"]:
        if key in last:
            out[key] = duration_ms(last[key]) if ":" in last[key] else int(last[key] or 0)
    for key, value in last.items():  # the scenario's one named response-time measure (rtd)
        if key.startswith("ResponseTime") and key.endswith("(C)") and "StDev" not in key and value:
            out["response_ms"] = duration_ms(value)
    return out


def duration_ms(text):
    """sipp's "hh:mm:ss:usec" as milliseconds."""
    h, m, sec, usec = (int(x) for x in text.split(":"))
    return round(((h * 60 + m) * 60 + sec) * 1000 + usec / 1000, 1)


def creation_rate(stats, total):
    """Calls created per second until the last of `total` was created (interpolated in the
    1-second stat rows)."""
    prev_t, prev_c = 0.0, 0
    for row in stats["rows"]:
        if row["created"] >= total and row["created"] > prev_c:
            t = prev_t + (total - prev_c) / (row["created"] - prev_c) * (row["t"] - prev_t)
            return total / t if t > 0 else 0.0
        prev_t, prev_c = row["t"], row["created"]
    last = stats["rows"][-1] if stats["rows"] else None
    return last["created"] / last["t"] if last and last["t"] > 0 else 0.0


def write_users(path, first, count):
    with open(path, "w") as f:
        f.write("SEQUENTIAL\n")
        for ext in range(first, first + count):
            f.write(f"{ext};[authentication username={ext} password={PASSWORD}]\n")


def register(workdir, name, server, port, first, count, rate, timeout_s=60):
    users = os.path.join(workdir, f"{name}-users.csv")
    write_users(users, first, count)
    sipp = Sipp(name, workdir, "register.xml", port, f"127.0.0.1:{server.sip_port}",
                ["-inf", users, "-r", str(rate), "-m", str(count), "-l", str(max(rate, 100)),
                 "-recv_timeout", "5000"], timeout_s)
    return sipp.finish()


# --- the runs --------------------------------------------------------------------------------

# Sofia keeps a finished non-INVITE server transaction (REGISTER, BYE) for Timer J = 64*T1 = 32 s
# to absorb retransmissions; a sustained run lasts longer than that so that the cost of expiring
# transactions is in the figures, and its CPU is measured from then on.
TRANSACTION_LIFETIME_S = 32


def udp_socket_drops(port):
    """Datagrams dropped on the UDP socket(s) bound to 127.0.0.1:`port` (/proc/net/udp `drops`)."""
    total = 0
    with open("/proc/net/udp") as f:
        next(f)
        for line in f:
            fields = line.split()
            if fields[1] == f"0100007F:{port:04X}":
                total += int(fields[-1])
    return total


def udp_rcvbuf_errors():
    """Datagrams the kernel dropped because a socket's receive buffer was full (machine-wide)."""
    with open("/proc/net/snmp") as f:
        lines = [line.split() for line in f if line.startswith("Udp:")]
    return int(dict(zip(lines[0][1:], lines[1][1:]))["RcvbufErrors"])


def successful_at(stats, t):
    """Successful calls by `t` seconds after sipp started, interpolated in its 1-second rows."""
    prev_t, prev_ok = 0.0, 0
    for row in stats["rows"]:
        if row["t"] >= t:
            span = row["t"] - prev_t
            return prev_ok + (row["successful"] - prev_ok) * ((t - prev_t) / span if span > 0 else 1)
        prev_t, prev_ok = row["t"], row["successful"]
    return prev_ok


class Step:
    """One load step: sipp clients run at `rate` for `duration_s` while the server's CPU is
    measured, from `measure_after_s` on (0: the whole step)."""

    def __init__(self, server, rate, duration_s, measure_after_s=0):
        self.server = server
        self.rate = rate
        self.total = rate * duration_s
        self.duration_s = duration_s
        self.measure_after_s = measure_after_s
        self.drops0 = udp_rcvbuf_errors()
        self.server_drops0 = udp_socket_drops(server.sip_port)
        self.load = loadavg()

    def wait(self, client):
        """Waits for the client sipp; returns its stats and the server CPU window."""
        window = CpuWindow(self.server.pid) if not self.measure_after_s else None
        window_start_s = 0.0
        deadline = client.started + client.timeout_s + 10
        while not client._reap(block=False):
            elapsed = time.monotonic() - client.started
            if window is None and elapsed >= self.measure_after_s:
                window, window_start_s = CpuWindow(self.server.pid), elapsed
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        stats = client.finish()
        if window is None:  # ended before the measurement began
            window, window_start_s = CpuWindow(self.server.pid), stats["wall_s"]
        cpu = window.stop()
        cpu["ops_in_window"] = round(stats.get("SuccessfulCall(C)", 0) - successful_at(stats, window_start_s))
        return stats, cpu

    def result(self, client_stats, cpu, other_stats=()):
        every = [client_stats, *other_stats]
        ok = client_stats.get("SuccessfulCall(C)", 0)
        ops = cpu.pop("ops_in_window")
        return {
            "target": self.rate,
            "achieved": round(creation_rate(client_stats, self.total), 1),
            "duration_s": self.duration_s,
            "total": self.total,
            "successful": ok,
            "failed": sum(s.get("FailedCall(C)", 0) for s in every),
            "unexpected": sum(s.get("FailedUnexpectedMessage(C)", 0) for s in every),
            "timeouts": sum(s.get("FailedTimeoutOnRecv(C)", 0) + s.get("FailedMaxUDPRetrans(C)", 0) for s in every),
            "retransmissions": sum(s.get("Retransmissions(C)", 0) for s in every),
            "udp_rcvbuf_drops": udp_rcvbuf_errors() - self.drops0,
            "udp_drops_at_server_sip_socket": udp_socket_drops(self.server.sip_port) - self.server_drops0,
            "loadavg_before": self.load,
            "response_ms_mean": client_stats.get("response_ms"),
            "sipp_exit": [s["exit_code"] for s in every],
            "sipp_cpu_pct": [round(100 * s["cpu_s"] / max(s["wall_s"], 0.01), 1) for s in every],
            "measured_from_s": self.measure_after_s,
            "server_cpu_us_per_op": round(1e6 * cpu["server_cpu_s"] / ops) if ops > 0 else None,
            "core_thread_cpu_us_per_op": round(1e4 * cpu["core_thread_cpu_pct"] * cpu["wall_s"] / ops)
            if ops > 0 else None,
            "server_rss_kb": rss_kb(self.server.pid),
            **cpu,
        }

    @staticmethod
    def clean(r):
        return (r["failed"] == 0 and r["unexpected"] == 0 and r["successful"] == r["total"]
                and r.get("calls_left_in_server", 0) == 0)

    @staticmethod
    def verdict(r):
        if not Step.clean(r):
            return f"{r['target']}/s: {r['failed']} failed, {r['unexpected']} unexpected messages"
        if r["achieved"] < 0.9 * r["target"]:
            return f"{r['target']}/s: achieved only {r['achieved']:.0f}/s"
        return None


def call_step(server, workdir, name, trunk_port, phone_port, rate, duration_s, hold_ms, measure_after_s=0):
    step = Step(server, rate, duration_s, measure_after_s)
    timeout_s = duration_s * 3 + 30
    # No -m for the phone: a late ACK retransmission arriving after its call ended starts a new
    # (failed) sipp call, and with -m those would make it exit before the last real calls.
    uas = Sipp(f"{name}-uas", workdir, "uas_phone.xml", phone_port, None, ["-recv_timeout", "10000"], timeout_s)
    time.sleep(0.3)
    uac = Sipp(f"{name}-uac", workdir, "uac_trunk.xml", trunk_port, f"127.0.0.1:{server.sip_port}",
               ["-s", DID, "-r", str(rate), "-m", str(step.total), "-l", str(max(rate, 100)),
                "-d", str(hold_ms), "-recv_timeout", "10000"], timeout_s)
    uac_stats, cpu = step.wait(uac)
    uas_stats = uas.stop()
    r = step.result(uac_stats, cpu, [uas_stats])
    r["calls_left_in_server"] = server.wait_idle()
    log(f"{name}: {json.dumps(r)}")
    return r


def register_step(server, workdir, name, client_port, users, rate, duration_s, measure_after_s=0):
    step = Step(server, rate, duration_s, measure_after_s)
    sipp = Sipp(name, workdir, "register.xml", client_port, f"127.0.0.1:{server.sip_port}",
                ["-inf", users, "-r", str(rate), "-m", str(step.total), "-l", str(max(rate, 100)),
                 "-recv_timeout", "5000"], duration_s * 3 + 30)
    stats, cpu = step.wait(sipp)
    r = step.result(stats, cpu)
    log(f"{name}: {json.dumps(r)}")
    return r


def step_up(result, rates, run_step, sustain_s):
    """Runs the steps until one fails, then holds the best clean rate for `sustain_s` (past the
    transaction lifetime); if that fails, once more at three quarters of it."""
    for rate in rates:
        r = run_step(rate, result["step_s"], 0)
        result["steps"].append(r)
        why = Step.verdict(r)
        if why:
            result["stopped_because"] = why
            break
        result["best"] = r
    if not result["best"] or not sustain_s:
        return
    rate = result["best"]["target"]
    measure_after_s = TRANSACTION_LIFETIME_S + 2 if sustain_s >= TRANSACTION_LIFETIME_S + 8 else 0
    for _ in range(2):
        log(f"sustained {rate}/s for {sustain_s} s, CPU measured after {measure_after_s} s")
        r = run_step(rate, sustain_s, measure_after_s)
        result["sustained"].append(r)
        if not Step.verdict(r):
            break
        rate = rate * 3 // 4


def run_calls(binary, workroot, rates, step_s, hold_ms, sustain_s):
    workdir = tempfile.mkdtemp(prefix="calls-", dir=workroot)
    ports = set()
    trunk_port = free_port(ports)
    phone_port = free_port(ports)
    server = Server(binary, workdir, trunk_port, extensions=0)
    result = {"hold_ms": hold_ms, "step_s": step_s, "steps": [], "best": None, "sustained": [],
              "stopped_because": "all steps clean"}
    try:
        reg = register(workdir, "register-phone", server, phone_port, int(PHONE), 1, 1)
        if reg.get("SuccessfulCall(C)") != 1:
            raise RuntimeError(f"the answering phone did not register: {reg}")
        result["rss_idle_kb"] = rss_kb(server.pid)

        def run_step(rate, duration_s, measure_after_s):
            log(f"calls: {rate} cps for {duration_s} s, hold {hold_ms} ms; load {loadavg()}")
            name = f"calls-{rate}-{duration_s}s"
            return call_step(server, workdir, name, trunk_port, phone_port, rate, duration_s, hold_ms,
                             measure_after_s)

        step_up(result, rates, run_step, sustain_s)
    finally:
        result["server_exit"] = server.stop()
        result["server_errors"] = server.log_lines("error")[:20]
    return result


def run_register(binary, workroot, rates, step_s, sustain_s):
    workdir = tempfile.mkdtemp(prefix="register-", dir=workroot)
    ports = set()
    trunk_port = free_port(ports)
    client_port = free_port(ports)
    server = Server(binary, workdir, trunk_port, extensions=EXTENSIONS)
    result = {"extensions": EXTENSIONS, "step_s": step_s, "steps": [], "best": None, "sustained": [],
              "stopped_because": "all steps clean"}
    try:
        users = os.path.join(workdir, "users.csv")
        write_users(users, FIRST_EXTENSION, EXTENSIONS)
        result["rss_idle_kb"] = rss_kb(server.pid)

        def run_step(rate, duration_s, measure_after_s):
            log(f"register: {rate}/s for {duration_s} s; load {loadavg()}")
            return register_step(server, workdir, f"register-{rate}-{duration_s}s", client_port, users, rate,
                                 duration_s, measure_after_s)

        step_up(result, rates, run_step, sustain_s)
    finally:
        result["server_exit"] = server.stop()
        result["server_errors"] = server.log_lines("error")[:20]
    return result


def run_rss(binary, workroot, calls, call_rate, hold_s, register_rate):
    workdir = tempfile.mkdtemp(prefix="rss-", dir=workroot)
    ports = set()
    trunk_port = free_port(ports)
    phone_port = free_port(ports)
    client_port = free_port(ports)
    second_port = free_port(ports)
    server = Server(binary, workdir, trunk_port, extensions=EXTENSIONS)
    result = {"extensions": EXTENSIONS, "calls": calls, "call_rate": call_rate, "hold_s": hold_s,
              "register_rate": register_rate}
    try:
        reg = register(workdir, "register-phone", server, phone_port, int(PHONE), 1, 1)
        if reg.get("SuccessfulCall(C)") != 1:
            raise RuntimeError(f"the answering phone did not register: {reg}")
        time.sleep(1)
        result["rss_idle_kb"] = rss_kb(server.pid)
        log(f"rss: {result['rss_idle_kb']} kB idle; registering {EXTENSIONS} extensions at {register_rate}/s")
        registered_at = time.monotonic()
        reg = register(workdir, "register-all", server, client_port, FIRST_EXTENSION, EXTENSIONS, register_rate)
        result["registered"] = reg.get("SuccessfulCall(C)", 0)
        time.sleep(2)
        result["rss_registered_kb"] = rss_kb(server.pid)
        log(f"rss: {result['rss_registered_kb']} kB with {result['registered']} registrations; "
            f"placing {calls} calls at {call_rate} cps, held {hold_s} s")
        timeout_s = hold_s + calls // call_rate + 60
        uas = Sipp("rss-uas", workdir, "uas_phone.xml", phone_port, None,
                   ["-recv_timeout", str((hold_s + 30) * 1000)], timeout_s)
        time.sleep(0.3)
        uac = Sipp("rss-uac", workdir, "uac_trunk.xml", trunk_port, f"127.0.0.1:{server.sip_port}",
                   ["-s", DID, "-r", str(call_rate), "-m", str(calls), "-l", str(calls + 10),
                    "-d", str(hold_s * 1000), "-recv_timeout", "10000"], timeout_s)
        deadline = time.monotonic() + calls / call_rate + hold_s / 2
        up = 0
        while time.monotonic() < deadline and up < calls:
            time.sleep(0.5)
            with contextlib.suppress(OSError, ValueError):
                up = server.health().get("calls_in_progress", 0)
        time.sleep(1)
        result["calls_up"] = server.health().get("calls_in_progress", 0)
        result["rss_calls_kb"] = rss_kb(server.pid)
        result["fds_with_calls"] = len(os.listdir(f"/proc/{server.pid}/fd"))
        log(f"rss: {result['rss_calls_kb']} kB with {result['calls_up']} calls up; ending the calls")
        uac_stats = uac.finish()
        uas_stats = uas.stop()
        result["calls_left_in_server"] = server.wait_idle()
        time.sleep(1)
        result["rss_after_calls_kb"] = rss_kb(server.pid)
        result["successful_calls"] = uac_stats.get("SuccessfulCall(C)", 0)
        result["failed_calls"] = uac_stats.get("FailedCall(C)", 0) + uas_stats.get("FailedCall(C)", 0)
        # The same 10,000 phones from another port (10,000 more bindings) once the first pass's
        # transactions have expired: the allocator reuses their memory, so the growth is close
        # to what the bindings themselves cost.
        time.sleep(max(0.0, registered_at + TRANSACTION_LIFETIME_S + 3 - time.monotonic()))
        before = rss_kb(server.pid)
        reg = register(workdir, "register-again", server, second_port, FIRST_EXTENSION, EXTENSIONS, register_rate)
        time.sleep(2)
        result["second_pass_registered"] = reg.get("SuccessfulCall(C)", 0)
        result["rss_second_pass_kb"] = rss_kb(server.pid)
        result["rss_second_pass_growth_kb"] = result["rss_second_pass_kb"] - before
        registered = max(result["registered"], 1)
        result["rss_per_registration_bytes"] = round(
            1024 * (result["rss_registered_kb"] - result["rss_idle_kb"]) / registered)
        result["rss_per_call_bytes"] = round(
            1024 * (result["rss_calls_kb"] - result["rss_registered_kb"]) / max(result["calls_up"], 1))
        result["rss_per_binding_second_pass_bytes"] = round(
            1024 * result["rss_second_pass_growth_kb"] / max(result["second_pass_registered"], 1))
    finally:
        result["server_exit"] = server.stop()
        result["server_errors"] = server.log_lines("error")[:20]
    return result


# --- output ----------------------------------------------------------------------------------

def describe(r, unit, op):
    sipp = "/".join(f"{p}%" for p in r["sipp_cpu_pct"])
    text = (f"{r['achieved']} {unit} achieved, {r['successful']}/{r['total']} ok, {r['failed']} failed, "
            f"{r['retransmissions']} retrans, {r['udp_drops_at_server_sip_socket']} UDP drops at the server; server {r['server_cpu_pct']}% CPU "
            f"(core thread {r['core_thread_cpu_pct']}%), {r['server_cpu_us_per_op']} µs CPU/{op}")
    return text + (f", RSS {r['server_rss_kb'] // 1024} MiB; sipp {sipp} CPU; "
                   f"load before {r['loadavg_before'].split()[0]}")


def rate_rows(rows, res, title, unit, op):
    for r in res["steps"]:
        rows.append((f"{title} {r['target']}/s {r['duration_s']} s", describe(r, unit, op)))
    for r in res["sustained"]:
        rows.append((f"{title} {r['target']}/s {r['duration_s']} s sustained",
                     describe(r, unit, op) + f" (CPU from {r['measured_from_s']} s on)"))
    best = res["best"]
    rows.append((f"{title.upper()}: best clean {res['step_s']} s step",
                 f"{best['achieved']} {unit}, {best['server_cpu_us_per_op']} µs server CPU per {op}"
                 if best else "none clean"))
    rows.append(("  stopped at", res["stopped_because"]))
    quiet = [r for r in res["steps"] if not Step.verdict(r) and r["retransmissions"] == 0]
    if quiet:
        rows.append(("  best step without any retransmission", f"{quiet[-1]['achieved']} {unit}"))
    held = [r for r in res["sustained"] if not Step.verdict(r)]
    if held:
        r = held[0]
        rows.append((f"{title.upper()}: sustained {r['duration_s']} s",
                     f"{r['achieved']} {unit} clean, {r['server_cpu_us_per_op']} µs server CPU per {op} "
                     f"(core thread {r['core_thread_cpu_us_per_op']} µs), RSS {r['server_rss_kb'] // 1024} MiB"))
    elif res["sustained"]:
        rows.append((f"{title.upper()}: sustained", "failed at every rate tried"))


def table(results):
    rows = []
    if results.get("calls"):
        rate_rows(rows, results["calls"], "calls", "cps", "call")
    if results.get("register"):
        rate_rows(rows, results["register"], "register", "reg/s", "registration")
    rss = results.get("rss")
    if rss and "rss_second_pass_kb" in rss:
        rows.append(("RSS idle (10,001 extensions provisioned)", f"{rss['rss_idle_kb'] / 1024:.1f} MiB"))
        rows.append((f"RSS after {rss['registered']} registrations",
                     f"{rss['rss_registered_kb'] / 1024:.1f} MiB: {rss['rss_per_registration_bytes']} B per "
                     f"registration (at {rss['register_rate']}/s, SIP transactions included)"))
        rows.append((f"RSS with {rss['calls_up']} calls up",
                     f"{rss['rss_calls_kb'] / 1024:.1f} MiB: {rss['rss_per_call_bytes']} B "
                     f"({rss['rss_per_call_bytes'] / 1024:.1f} KiB) per call; {rss['fds_with_calls']} fds"))
        rows.append(("RSS after the calls ended", f"{rss['rss_after_calls_kb'] / 1024:.1f} MiB; "
                     f"{rss['successful_calls']} calls ok, {rss['failed_calls']} failed"))
        rows.append((f"RSS after {rss['second_pass_registered']} more bindings",
                     f"{rss['rss_second_pass_kb'] / 1024:.1f} MiB (+{rss['rss_second_pass_growth_kb'] / 1024:.1f} MiB: "
                     f"{rss['rss_per_binding_second_pass_bytes']} B each, 35 s after the first pass, whose "
                     f"transactions' memory is reused)"))
    width = max((len(r[0]) for r in rows), default=10)
    return "\n".join(f"{name.ljust(width)}  {value}" for name, value in rows)


def parse_list(text):
    return [int(x) for x in text.split(",") if x]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "hotline"))
    parser.add_argument("--runs", default="calls,register,rss", help="comma-separated: calls,register,rss")
    parser.add_argument("--call-rates", default="100,200,400,600,800,1000,1200,1500,2000,2500,3000")
    parser.add_argument("--call-step-s", type=int, default=10)
    parser.add_argument("--hold-ms", type=int, default=100)
    parser.add_argument("--sustain-s", type=int, default=45,
                        help="hold the best clean rate this long (0: skip); CPU is measured after 34 s")
    parser.add_argument("--register-rates", default="2000,4000,6000,8000,10000,12000,14000,16000,20000")
    parser.add_argument("--register-step-s", type=int, default=10)
    parser.add_argument("--rss-calls", type=int, default=1000)
    parser.add_argument("--rss-call-rate", type=int, default=200)
    parser.add_argument("--rss-hold-s", type=int, default=20)
    parser.add_argument("--rss-register-rate", type=int, default=2000)
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders (logs, sipp stats)")
    args = parser.parse_args()

    if not shutil.which("sipp"):
        sys.exit("sipp not found (apt-get install sip-tester)")
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"{args.binary} not built")
    workroot = tempfile.mkdtemp(prefix="hotline-loadtest-")
    if not args.keep:
        atexit.register(shutil.rmtree, workroot, True)
    log(f"work folder {workroot}; {os.cpu_count()} cores; load {loadavg()}")
    runs = args.runs.split(",")
    results = {"machine": {"cores": os.cpu_count(), "loadavg_start": loadavg()}}
    if "calls" in runs:
        results["calls"] = run_calls(args.binary, workroot, parse_list(args.call_rates), args.call_step_s,
                                     args.hold_ms, args.sustain_s)
    if "register" in runs:
        results["register"] = run_register(args.binary, workroot, parse_list(args.register_rates),
                                           args.register_step_s, args.sustain_s)
    if "rss" in runs:
        results["rss"] = run_rss(args.binary, workroot, args.rss_calls, args.rss_call_rate, args.rss_hold_s,
                                 args.rss_register_rate)
    results["machine"]["loadavg_end"] = loadavg()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    print(table(results))


if __name__ == "__main__":
    main()

"""The agent desktop (/desk), the supervisor's wallboard (/wall) and the embeddable toolbar
(/embed/toolbar) in a real browser, on real calls (CTI-1..3, CTI-5, PBX-2..4, ACD-9..11, SUP-2..3).

Set up through the REST API as the demo admin: a trunk for the carrier, queue `support` (members
1001 and 1002) and `sales` (1003), a flow that answers, plays a menu and sends key 1 to `support`,
and the demo's number 4000 pointed at the flow, number 4300 straight to `support`. Phones: 1001 answers after ~6 s (so the pop is
seen ringing first), 1002 answers and hangs up a few seconds later, 1003 answers a consultation.
1002 is set not ready, so the queue offers the call to 1001.

web/e2e/desk.mjs then drives headless chromium: the agent of 1001 signs in, lands on /desk, sees
"no permission" on /wall, goes not ready (lunch) and prints a line upon which this test places a
call to 4300 that hangs up after 2 s in line (nobody is ready): the wallboard counts it abandoned
today. The agent goes ready and prints a line upon which this test places the call: the carrier's caller dials 4000 and presses 1. The pop shows the caller, key 1
and the greeting with 1001; the phone answers; talking; hold, retrieve; a consultation of 1003
goes three-way and is cancelled; the transfer dialog, seen in zh-CN and en (queues to transfer to or
consult, the number tab's hint), sends the call to 1002 typed in its number tab (the server routes
the number to the extension); the call ends at 1001, wrap-up, ready now. Meanwhile the demo admin's /wall,
in another browser context, shows 1001 going ready → ringing → talking → ... without a reload,
and support's day: 1 answered within the service level, 1 abandoned (a short one), 100.0 %, and
the chart of today's calls per queue.
The agent then notes a to-do from the call's pop (the caller and the call filled in) with a
reminder a few seconds ahead: it pops, pops again after a reload, is snoozed, re-armed, and done
from the pop, and is deleted (CTI-4). The desk's desktop notifications are turned on: with the
page made hidden, the call offered and the reminder each show one (and a click focuses the window).
A quality inspector made here (todos.self, no desk) has a to-do page in the console, in zh-CN and
en: a reminder set there pops over another console page and is dealt with from the pop.
A host page served here from http://localhost:PORT — another site than the server's
http://127.0.0.1, so the browser gives the frame no SameSite=Strict cookie — embeds the toolbar
with hotline-toolbar.js, signs in as 1003's agent inside it (the toolbar keeps its token: Bearer on
REST, the WebSocket's subprotocol), sends agent.not_ready over postMessage and gets the reply and
the agent.state event; to-dos' reminders pop in the toolbar and are done, snoozed and dismissed
there; a page of a third origin framing the toolbar is ignored. Where the browser gives the frame of
another site storage, a reload of the frame stays signed in (its sessionStorage); where it does not
(this Chromium by default), the toolbar asks to sign in again, unless the host page keeps the
session (keepSession): then it stays signed in as the host page reloads. The same host page served
from the server's own site still works with the cookie.

Afterwards the server's side: the call's timeline has the desktop's hold and resume (party user)
and the transfer, 1002 is on the call record, the IVR trail has key 1, 1003 is not ready (lunch).
Screenshots go to $HOTLINE_ARTIFACTS_DIR (ctest: build/test-artifacts/agent_desk). The test skips
only when chromium, node or the built web app is missing, like test_web_console.py.
"""

import http.server
import os
import subprocess
import sys
import threading
import unittest
from functools import partial

from browser_case import CHROMIUM, NODE, WEB, WEB_ROOT, BrowserTestCase
from harness import LOCALHOST, free_port, media_address, wait_until


CALLER = "0612345678"
NUMBER = "4000"
FLOW_NAME = "support-menu"
FLOW = {
    "name": FLOW_NAME,
    "start": "menu",
    "nodes": {
        "menu": {
            "type": "menu",
            "prompt": [{"type": "tone", "tone": "dial", "duration_ms": 3000}],
            "keys": {"1": "topic"},
            "variable": "choice",
            "timeout_ms": 8000,
            "max_retries": 0,
            "on_failure": "bye",
        },
        "topic": {"type": "set", "variable": "topic", "value": "billing", "next": "support"},
        "support": {"type": "queue", "queue": "support", "on_failure": "bye"},
        "bye": {"type": "hangup", "cause": "normal"},
    },
}
READY_LINE = "HOTLINE_STEP agent-ready"
AWAY_LINE = "HOTLINE_STEP agent-away"
QUEUE_NUMBER = "4300"
BROWSER_TIMEOUT_S = 360
# A user with to-dos but no agent desk: the console's to-do page.
INSPECTOR = {"username": "inspector1", "password": "Inspect-2026!", "display_name": "质检 Quality",
             "role": "quality_inspector"}
# The host page's host: another site than the server's 127.0.0.1 for the browser (no registrable
# domain in common), yet the same loopback.
HOST_SITE = "localhost"

HOST_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>CRM (host page)</title>
<script src="{server}/hotline-toolbar.js"></script></head>
<body style="font-family: sans-serif; margin: 16px">
<h2>A CRM page with the Hotline toolbar</h2>
<div id="toolbar" style="border: 1px solid #ccc"></div>
<h3>What the host page heard</h3>
<pre id="log" style="background: #f5f5f5; padding: 8px"></pre>
<script>
window.hostLog = [];
window.hostResult = {{ reply: null, stateEvent: null, badReply: null }};
function log(entry) {{
  window.hostLog.push(entry);
  document.getElementById('log').textContent += JSON.stringify(entry) + '\\n';
}}
function answer(promise, key) {{
  return promise.then(
    (result) => {{ window.hostResult[key] = {{ ok: true, result }}; log({{ reply: key, ok: true, state: result && result.state }}); }},
    (error) => {{
      window.hostResult[key] = {{ ok: false, error: {{ message: error.message, status: error.status, field: error.field }} }};
      log({{ reply: key, ok: false, message: error.message }});
    }});
}}
HotlineToolbar.mount(document.getElementById('toolbar'), {{
  server: '{server}', origin: location.origin, height: '64px', keepSession: new URLSearchParams(location.search).has('keep'),
}});
HotlineToolbar.on('status', (status) => log({{ status }}));
HotlineToolbar.on('agent.state', (data) => {{
  log({{ event: 'agent.state', state: data.state, reason: data.reason }});
  if (data.state === 'not_ready') window.hostResult.stateEvent = data;
}});
window.sendNotReady = (reason) => answer(HotlineToolbar.command('agent.not_ready', {{ reason }}), 'reply');
window.sendBadCommand = () => answer(HotlineToolbar.command('agent.not_ready', {{ reason: 'smoking' }}), 'badReply');
</script></body></html>
"""

FOREIGN_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Another site</title></head>
<body style="font-family: sans-serif; margin: 16px">
<h2>A page of another origin framing the toolbar (allowed origin: {host})</h2>
<iframe src="{server}/embed/toolbar?origin={host_encoded}" style="width: 100%; height: 64px; border: 1px solid #ccc"></iframe>
<script>
window.foreignLog = [];
addEventListener('message', (event) => window.foreignLog.push({{ origin: event.origin, data: event.data }}));
window.sendReady = () => document.querySelector('iframe').contentWindow.postMessage(
  {{ type: 'hotline:command', id: 'f1', cmd: 'agent.ready' }}, '*');
</script></body></html>
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class AgentDeskTest(BrowserTestCase):

    # -- set-up
    def user_ids(self, server):
        return {a["extension"]: a["id"] for a in self.api_ok(server, "GET", "/api/v1/agents")["items"]}

    def set_up_hotline(self, server, trunk_port):
        """The trunk, the queues, the flow and number 4000, through the REST API."""
        self.api_ok(server, "POST", "/api/v1/trunks", {"name": "carrier", "host": LOCALHOST, "port": trunk_port},
                    expect=201)
        ids = self.user_ids(server)
        for name, members in (("support", ["1001", "1002"]), ("sales", ["1003"])):
            queue = self.api_ok(server, "POST", "/api/v1/queues",
                                {"name": name, "wrap_up_ms": 5000, "announce_interval_ms": 0}, expect=201)
            self.api_ok(server, "PUT", f"/api/v1/queues/{queue['id']}/members",
                        {"user_ids": [ids[extension] for extension in members]})
        flow = self.api_ok(server, "POST", "/api/v1/flows", {"name": FLOW_NAME, "definition": FLOW}, expect=201)
        self.api_ok(server, "POST", f"/api/v1/flows/{flow['id']}/publish", expect=201)
        number = next(n for n in self.api_ok(server, "GET", "/api/v1/numbers")["items"] if n["pattern"] == NUMBER)
        self.api_ok(server, "PUT", f"/api/v1/numbers/{number['id']}", {"target_type": "flow", "target": FLOW_NAME})
        self.api_ok(server, "POST", "/api/v1/numbers",
                    {"pattern": QUEUE_NUMBER, "target_type": "queue", "target": "support"}, expect=201)
        self.api_ok(server, "POST", "/api/v1/users", INSPECTOR, expect=201)

    @staticmethod
    def page_origins(ports: dict[str, int]) -> dict[str, str]:
        """The origins of the pages served here: the host page on another site than the server's,
        the same host page on the server's site, and the foreign page."""
        return {"host": f"http://{HOST_SITE}:{ports['host']}", "same_site": f"http://{LOCALHOST}:{ports['same_site']}",
                "foreign": f"http://{LOCALHOST}:{ports['foreign']}"}

    def serve_pages(self, server, ports: dict[str, int]) -> dict[str, str]:
        """The pages, each from its port in `ports`: their origins (page_origins)."""
        origin = f"http://{LOCALHOST}:{server.http_port}"
        folders = {name: self.workdir / name for name in ports}
        origins = self.page_origins(ports)
        host = origins["host"]
        for folder in folders.values():
            folder.mkdir()
        for name in ("host", "same_site"):
            (folders[name] / "host.html").write_text(HOST_PAGE.format(server=origin))
        (folders["foreign"] / "foreign.html").write_text(
            FOREIGN_PAGE.format(server=origin, host=host, host_encoded=host.replace(":", "%3A").replace("/", "%2F")))
        for name, folder in folders.items():
            httpd = http.server.ThreadingHTTPServer((LOCALHOST, ports[name]), partial(QuietHandler, directory=str(folder)))
            httpd.daemon_threads = True
            threading.Thread(target=httpd.serve_forever, daemon=True).start()
            self.addCleanup(httpd.server_close)
            self.addCleanup(httpd.shutdown)
        return origins

    def start_browser(self, server, origins):
        """web/e2e/desk.mjs, started; its output lines are collected and the away and ready lines
        signalled."""
        agent = next(a for a in server.credentials["agents"] if a["extension"] == "1001")
        embed = next(a for a in server.credentials["agents"] if a["extension"] == "1003")
        admin = server.credentials["admin"]
        artifacts = self.artifacts_dir()
        print(f"\nagent desk screenshots: {artifacts}", file=sys.stderr)
        env = dict(os.environ, HOTLINE_URL=f"http://{LOCALHOST}:{server.http_port}",
                   AGENT_USER=agent["username"], AGENT_PASSWORD=agent["password"], AGENT_EXT="1001",
                   SUPERVISOR_USER=admin["username"], SUPERVISOR_PASSWORD=admin["password"],
                   EMBED_USER=embed["username"], EMBED_PASSWORD=embed["password"],
                   TODO_USER=INSPECTOR["username"], TODO_PASSWORD=INSPECTOR["password"],
                   CALLER=CALLER, TRANSFER_EXT="1002", CONSULT_EXT="1003", HOST_URL=origins["host"],
                   SAME_SITE_URL=origins["same_site"], FOREIGN_URL=origins["foreign"],
                   ARTIFACTS=str(artifacts), CHROMIUM=CHROMIUM)
        proc = subprocess.Popen([NODE, str(WEB / "e2e" / "desk.mjs")], cwd=WEB, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        lines: list[str] = []
        signals = {AWAY_LINE: threading.Event(), READY_LINE: threading.Event()}

        def read():
            for line in proc.stdout:
                lines.append(line)
                if line.strip() in signals:
                    signals[line.strip()].set()
            for signal in signals.values():
                signal.set()  # it ended: nobody waits for a line that will not come
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        log = self.workdir / "desk.mjs.log"
        server.log_files.append(log)
        return proc, reader, lines, signals, log

    def finish_browser(self, proc, reader, lines, log) -> None:
        try:
            proc.wait(timeout=BROWSER_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            lines.append(f"\n(timed out after {BROWSER_TIMEOUT_S} s)\n")
        reader.join(5)
        proc.stdout.close()
        output = "".join(lines)
        log.write_text(output)
        sys.stderr.write(output)
        self.assertEqual(proc.returncode, 0, f"desk.mjs failed:\n{output}")

    def call_in(self, server, trunk_port):
        """The carrier's caller dials 4000 and waits for the far end to hang up; started."""
        media = self.endpoint()
        caller = self.sipp("uac_trunk_call_remote_bye.xml", name=f"{len(self.sipps) + 1:02d}-carrier",
                           port=trunk_port, remote=server.sip_address, service=NUMBER,
                           keys={"caller": CALLER, "rtp_port": media.port}, timeout_s=120)
        caller.start(wait_bound=False)
        return caller, media

    # -- the test
    def test_an_agent_takes_a_queue_call_on_the_desktop_while_the_wallboard_follows(self):
        trunk_port = free_port(tcp=False)
        pages = {"host": free_port(), "same_site": free_port(), "foreign": free_port()}
        # Only the host pages' origins, one of another site and one of the server's, may frame the
        # toolbar; the foreign page's frame stays empty.
        allowed = self.page_origins(pages)
        server = self.start_server(extra_args=("--web-root", str(WEB_ROOT), "--embed-origin", allowed["host"],
                                               "--embed-origin", allowed["same_site"]))
        self.set_up_hotline(server, trunk_port)
        agent_phone, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=6000, timeout_s=120)
        colleague_phone, _ = self.phone(server, "1002", "uas_answer_hangup.xml", pause_ms=3000, timeout_s=120)
        consulted_phone, _ = self.phone(server, "1003", "uas_answer.xml", pause_ms=500, timeout_s=120)
        ids = self.user_ids(server)
        for extension in ("1001", "1002", "1003"):
            self.assertTrue(wait_until(lambda: (self.live_agent(server, extension) or {}).get("state") == "ready", 5),
                            f"{extension} did not log in: {self.live_agent(server, extension)!r}")
        # 1002 is not ready: the queue offers the call to 1001, and 1002 takes it only by transfer.
        self.api_ok(server, "POST", f"/api/v1/agents/{ids['1002']}/state", {"state": "not_ready", "reason": "break"})

        origins = self.serve_pages(server, pages)
        proc, reader, lines, signals, log = self.start_browser(server, origins)
        self.assertTrue(signals[AWAY_LINE].wait(90), "desk.mjs never got the agent not ready")
        gone = None
        if proc.poll() is None:
            # Nobody is ready: the caller waits in support and hangs up after 2 s, an abandon.
            gone, _ = self.call_from_trunk(server, trunk_port, QUEUE_NUMBER, "0698765432", pause_ms=2000)
            gone.wait()
        self.assertTrue(signals[READY_LINE].wait(90), "desk.mjs never got the agent ready")
        caller = None
        if proc.poll() is None:
            caller, media = self.call_in(server, trunk_port)
            peer = media_address(caller.wait_logged("MEDIA", 15))
            self.assertIsNotNone(peer, "the flow did not answer the caller")
            self.assertTrue(wait_until(lambda: media.received >= 10, 5), "the caller hears no menu")
            media.send_dtmf(peer, "1", inband=False)
        self.finish_browser(proc, reader, lines, log)

        # The server's side of what the browser did.
        self.assert_sipp_ok(gone, caller, agent_phone, colleague_phone, consulted_phone)
        record = self.cdr(server, caller)
        detail = server.call_detail(record["id"])
        by_user = [(e["kind"], e["party"]) for e in detail["events"] if e["party"] == "user"]
        self.assertIn(("hold", "user"), by_user, detail["events"])
        self.assertIn(("resume", "user"), by_user, detail["events"])
        kinds = [e["kind"] for e in detail["events"]]
        for kind in ("consult", "consult_answered", "three_way", "consult_cancelled", "transfer"):
            self.assertIn(kind, kinds, detail["events"])
        callees = [leg["endpoint"] for leg in detail["legs"] if leg["role"] == "callee"]
        self.assertEqual(callees[-2:], ["1001", "1002"], detail["legs"])
        self.assertEqual(self.ivr_trail(server, record["id"])["keys"], "1")
        embedded = self.live_agent(server, "1003")
        self.assertEqual((embedded["state"], embedded["reason"]), ("not_ready", "lunch"), embedded)


if __name__ == "__main__":
    unittest.main()

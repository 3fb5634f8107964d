"""The administration console in a real browser (issue 6's acceptance test): the demo admin signs in
through the login page and, in the console, creates extension 1010 with a known SIP password, a user
with role agent on it, queue `support` with that agent as member and a service-level threshold of
30 s, and number 4100 to the queue (a bad target first, which must show the server's field error
under the field); the console is checked in zh-CN and in English, and the new agent signing in
lands on the agent desktop and sees none of the admin menus in the console. Then telephony proves
the console's work: a sipp phone registers as 1010 (the registered member logs in to the queue at
once), extension 1001 dials 4100, and the 1010 phone is rung, answers, and is the callee of the
call record.

The browser part is web/e2e/console.mjs (playwright-core driving Debian's /usr/bin/chromium,
headless, no browser download); web/e2e/check_i18n.mjs checks that the two languages have the same
keys. Screenshots go to $HOTLINE_ARTIFACTS_DIR (ctest: build/test-artifacts/web_console), else to the
test's temp dir; the path is printed. The test skips, saying why, only when chromium, node or the
built web app (web/dist) is missing; `make test` installs and builds all three.
"""

import os
import subprocess
import sys
import unittest
import urllib.request

from browser_case import CHROMIUM, NODE, WEB, WEB_ROOT, BrowserTestCase
from harness import wait_until


EXT = "1010"
SIP_PASSWORD = "Sip-1010-secret"
AGENT_USER = "agent1010"
AGENT_PASSWORD = "agent-1010-pw"
QUEUE = "support"
NUMBER = "4100"


class WebConsoleTest(BrowserTestCase):

    def test_the_translations_have_the_same_keys(self):
        run = subprocess.run([NODE, str(WEB / "e2e" / "check_i18n.mjs")], capture_output=True, text=True,
                             timeout=60)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)

    def test_the_server_serves_the_app_beside_the_api(self):
        server = self.start_server(extra_args=("--web-root", str(WEB_ROOT)))
        stdout = (server.workdir / f"server-{server.starts}.stdout.log").read_text()
        self.assertIn(f"console: http://127.0.0.1:{server.http_port}/console", stdout)
        with urllib.request.urlopen(f"http://127.0.0.1:{server.http_port}/console/queues", timeout=5) as page:
            self.assertEqual(page.status, 200)
            self.assertIn("text/html", page.headers["Content-Type"])
            self.assertIn(b'<div id="root">', page.read())

    def browser(self, server, script: str, **settings: str) -> None:
        """Runs web/e2e/SCRIPT against `server` as the demo admin (and operator); fails with its
        output unless it exits 0. Its screenshots go to artifacts_dir()."""
        artifacts = self.artifacts_dir()
        print(f"\nweb console screenshots: {artifacts}", file=sys.stderr)
        admin, operator = server.credentials["admin"], server.credentials["operator"]
        env = dict(os.environ, HOTLINE_URL=f"http://127.0.0.1:{server.http_port}",
                   ADMIN_USER=admin["username"], ADMIN_PASSWORD=admin["password"],
                   OPERATOR_USER=operator["username"], OPERATOR_PASSWORD=operator["password"],
                   ARTIFACTS=str(artifacts), CHROMIUM=CHROMIUM, **settings)
        log = self.workdir / f"{script}.log"
        server.log_files.append(log)
        try:
            run = subprocess.run([NODE, str(WEB / "e2e" / script)], cwd=WEB, env=env,
                                 capture_output=True, text=True, timeout=240)
            output = run.stdout + run.stderr
        except subprocess.TimeoutExpired as timeout:
            output = f"{timeout.stdout or ''}{timeout.stderr or ''}\n(timed out after 240 s)"
            run = None
        log.write_text(output)
        sys.stderr.write(output)
        self.assertTrue(run is not None and run.returncode == 0, f"{script} failed:\n{output}")

    def test_every_console_page_opens_and_does_its_job(self):
        """web/e2e/tour.mjs: every page of the admin and of the operator without a script error,
        and each page's main action (prompts, music, lists, holidays, settings, roles, tokens,
        audit diff, password, tenants, backups, bans, the lock-out message)."""
        server = self.start_server(extra_args=("--web-root", str(WEB_ROOT)))
        self.browser(server, "tour.mjs")

    def test_an_admin_sets_up_a_queue_in_the_console_and_its_agent_takes_the_call(self):
        server = self.start_server(extra_args=("--web-root", str(WEB_ROOT)))
        self.browser(server, "console.mjs", EXT=EXT, SIP_PASSWORD=SIP_PASSWORD, AGENT_USER=AGENT_USER,
                     AGENT_PASSWORD=AGENT_PASSWORD, QUEUE=QUEUE, NUMBER=NUMBER)

        # What the console made, as the API sees it.
        users = self.api_ok(server, "GET", "/api/v1/users")["items"]
        user = next((u for u in users if u["username"] == AGENT_USER), None)
        self.assertIsNotNone(user, users)
        self.assertEqual((user["role"], user["extension"]), ("agent", EXT))
        queue = next(q for q in self.api_ok(server, "GET", "/api/v1/queues")["items"] if q["name"] == QUEUE)
        self.assertEqual(queue["members"], [user["id"]])
        self.assertEqual(queue["service_level_s"], 30)
        number = next(n for n in self.api_ok(server, "GET", "/api/v1/numbers")["items"] if n["pattern"] == NUMBER)
        self.assertEqual((number["target_type"], number["target"]), ("queue", QUEUE))

        # The phone registers with the password typed in the console; the member logs in at once.
        server.credentials["extensions"].append({"extension": EXT, "password": SIP_PASSWORD})
        phone, _ = self.phone(server, EXT, "uas_answer.xml")
        ready = wait_until(lambda: (a := self.live_agent(server, EXT)) and a["state"] == "ready" and a, 5)
        self.assertTrue(ready, f"{EXT} did not log in to the queue: {self.live_agent(server, EXT)!r}")

        caller, _ = self.dial(server, "1001", NUMBER, "uac_call_auth.xml", pause_ms=2000)
        self.assertIsNotNone(phone.wait_logged("MEDIA", 15), f"{EXT} was not rung")
        self.assert_sipp_ok(caller, phone)
        record = self.cdr(server, caller)
        self.assertIsNotNone(record["answered_at"], record)
        legs = server.call_detail(record["id"])["legs"]
        self.assertIn(EXT, [leg["endpoint"] for leg in legs if leg["role"] == "callee"], legs)


if __name__ == "__main__":
    unittest.main()

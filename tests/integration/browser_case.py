"""What the browser suites share (test_web_console, test_agent_desk): where the built web app,
chromium and node are, why a suite skips without them, and a ServerTestCase with the helpers both
use. `make test` installs and builds all three, so a skip says what is missing.
"""

import os
import shutil
from pathlib import Path

from harness import ServerTestCase

HERE = Path(__file__).resolve().parent
WEB = HERE.parent.parent / "web"
WEB_ROOT = Path(os.environ.get("HOTLINE_WEB_ROOT", WEB / "dist"))
CHROMIUM = os.environ.get("HOTLINE_CHROMIUM", "/usr/bin/chromium")
NODE = shutil.which("node")


def missing_prerequisite() -> str | None:
    if not NODE:
        return "node is not on PATH (scripts/deps.sh installs nodejs)"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (scripts/deps.sh installs chromium)"
    if not (WEB_ROOT / "index.html").exists():
        return f"the web app is not built: no {WEB_ROOT / 'index.html'} (make build runs npm run build)"
    if not (WEB / "node_modules" / "playwright-core").exists():
        return "web/node_modules has no playwright-core (make build runs npm ci)"
    return None


class BrowserTestCase(ServerTestCase):
    """Skips, saying why, when the browser's prerequisites are missing."""

    def setUp(self):
        reason = missing_prerequisite()
        if reason:
            self.skipTest(reason)
        super().setUp()

    def artifacts_dir(self) -> Path:
        root = os.environ.get("HOTLINE_ARTIFACTS_DIR")
        path = Path(root) if root else self.workdir / "screenshots"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def api_ok(self, server, method, path, body=None, expect=200):
        status, answer = server.api(method, path, body)
        self.assertEqual(status, expect, f"{method} {path}: {answer!r}")
        return answer

    def live_agent(self, server, extension):
        agents = self.api_ok(server, "GET", "/api/v1/live/agents")["items"]
        return next((a for a in agents if a["extension"] == extension), None)

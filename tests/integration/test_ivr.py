"""IVR flows on real calls (IVR-1..IVR-3, IVR-10): a flow published with the CLI, reached through
an access number (flow:NAME), run by the server on the caller it answered itself.

The flow's menu plays a dial tone (450 Hz) that the caller hears; pressing 1 (RFC 4733) transfers
to extension 1002, which rings, answers and then talks to the caller through the relay; pressing 2
ends in a hang-up by the server. The CDR has the IVR's path and keys on the call's timeline. A flow
with errors is refused at publish, every error naming its node and field. A call in the menu when a
new version is published finishes on the version it entered; the next call runs the new one.
An http node (IVR-5) asks a python HTTP server on 127.0.0.1 for the caller's balance and branches
on the JSON answer; a server that never answers sends the call down the node's on_error branch
once its timeout has passed.
"""

import http.server
import json
import subprocess
import threading
import time
import unittest

from harness import ServerTestCase, media_address, pcmu_audio, tone_db, wait_until

FLOW = {
    "name": "test hotline",
    "start": "menu",
    "nodes": {
        "menu": {
            "type": "menu",
            "prompt": [{"type": "tone", "tone": "dial", "duration_ms": 3000}],
            "keys": {"1": "to_agent", "2": "bye"},
            "timeout_ms": 8000,
            "max_retries": 0,
            "on_failure": "bye",
        },
        "to_agent": {"type": "transfer", "target": "1002", "on_failure": "bye"},
        "bye": {"type": "play", "items": [{"type": "tone", "tone": "busy", "duration_ms": 700}], "next": "end"},
        "end": {"type": "hangup", "cause": "normal"},
    },
}


def publish(server, name, flow):
    path = server.workdir / f"{name}.json"
    path.write_text(json.dumps(flow))
    return subprocess.run([server.binary, "flow", "publish", "--data", str(server.data), "--name", name,
                           "--file", str(path)], capture_output=True, text=True, timeout=60)


def with_flow(server):
    published = publish(server, "main", FLOW)
    assert published.returncode == 0, published.stderr
    server.number_add("4100", "flow:main")


def balance_flow(port, timeout_ms):
    return {
        "name": "balance",
        "start": "lookup",
        "nodes": {
            "lookup": {"type": "http", "url": f"http://127.0.0.1:{port}/balance?caller={{{{caller.number}}}}",
                       "timeout_ms": timeout_ms, "response": {"balance": "balance"},
                       "status_variable": "status", "next": "check", "on_error": "failed"},
            "check": {"type": "condition", "branches": [{"when": "balance == 42", "next": "rich"}],
                      "default": "failed"},
            "rich": {"type": "play", "items": [{"type": "tone", "tone": "dial", "duration_ms": 600}],
                     "next": "end"},
            "failed": {"type": "play", "items": [{"type": "tone", "tone": "busy", "duration_ms": 600}],
                       "next": "end"},
            "end": {"type": "hangup", "cause": "normal"},
        },
    }


class BalanceService:
    """A CRM stand-in on 127.0.0.1: records each request's path and answers {"balance": 42}, or
    never answers (until closed) when `silent`."""

    def __init__(self, silent=False):
        service = self
        self.paths = []
        self.release = threading.Event()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                service.paths.append(self.path)
                if silent:
                    service.release.wait(30)
                    return
                body = json.dumps({"balance": 42}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


class IvrTest(ServerTestCase):

    def answered_by_server(self, caller, media):
        peer = media_address(caller.wait_logged("MEDIA", 15))
        self.assertIsNotNone(peer, "the server did not answer the caller with SDP")
        self.assertTrue(wait_until(lambda: media.received >= 25, 5), "no prompt audio reached the caller")
        heard = pcmu_audio(media.packets[:25])
        self.assertGreater(tone_db(heard, 450), tone_db(heard, 1000) + 20, "the caller does not hear the menu")
        return peer

    def test_pressing_1_transfers_to_an_extension_that_answers_and_talks(self):
        server = self.start_server(with_flow)
        callee, callee_media = self.phone(server, "1002", "uas_answer.xml")
        caller, caller_media = self.dial(server, "1001", "4100", "uac_call_auth.xml", pause_ms=6000)
        peer = self.answered_by_server(caller, caller_media)
        caller_media.send_dtmf(peer, "1", inband=False)
        caller_media.wait_sent()

        callee_peer = media_address(callee.wait_logged("MEDIA", 15))
        self.assertIsNotNone(callee_peer, "1002 was not rung with an SDP offer")
        before = callee_media.received
        caller_media.send_burst(peer, count=50, tone_hz=1000)
        callee_media.send_burst(callee_peer, count=50, tone_hz=440)
        caller_media.wait_sent()
        self.assertTrue(wait_until(lambda: callee_media.received - before >= 40, 3),
                        "the caller's audio does not reach 1002 through the relay")
        self.assert_sipp_ok(caller, callee)

        record = self.cdr(server, caller)
        self.assertEqual(record["disposition"], "answered")
        self.assertEqual(record["callee"], "4100")
        detail = server.call_detail(record["id"])
        answered = [leg for leg in detail["legs"] if leg["endpoint"] == "1002"]
        self.assertEqual(answered[0]["disposition"], "answered", detail["legs"])
        ivr = self.ivr_trail(server, record["id"])
        self.assertEqual(ivr["flow"], "main")
        self.assertEqual(ivr["version"], 1)
        self.assertEqual(ivr["path"], ["menu", "to_agent"])
        self.assertEqual(ivr["keys"], "1")
        self.assertEqual(ivr["end"], "transfer")

    def test_pressing_2_plays_goodbye_and_the_server_hangs_up(self):
        server = self.start_server(with_flow)
        caller, caller_media = self.dial(server, "1001", "4100", "uac_call_remote_bye.xml")
        peer = self.answered_by_server(caller, caller_media)
        caller_media.send_dtmf(peer, "2", inband=False)
        self.assert_sipp_ok(caller)  # it got the server's BYE
        record = self.cdr(server, caller)
        self.assertEqual(record["hangup_side"], "system")
        self.assertEqual(record["hangup_cause"], "ivr: normal")
        ivr = self.ivr_trail(server, record["id"])
        self.assertEqual(ivr["path"], ["menu", "bye", "end"])
        self.assertEqual(ivr["end"], "hangup:normal")

    def test_a_call_finishes_on_the_version_it_entered_while_a_new_one_is_published(self):
        def version(tag):
            flow = json.loads(json.dumps(FLOW))
            flow["nodes"]["menu"]["keys"] = {"2": "end"}
            flow["nodes"]["menu"]["on_failure"] = "end"
            del flow["nodes"]["to_agent"], flow["nodes"]["bye"]  # unreachable now: refused
            flow["nodes"]["end"]["cause"] = tag
            return flow

        def first_version(server):
            published = publish(server, "main", version("v1"))
            self.assertEqual(published.returncode, 0, published.stderr)
            server.number_add("4100", "flow:main")
        server = self.start_server(first_version)
        caller, caller_media = self.dial(server, "1001", "4100", "uac_call_remote_bye.xml")
        peer = self.answered_by_server(caller, caller_media)
        republished = publish(server, "main", version("v2"))  # while the call waits in the menu
        self.assertEqual(republished.returncode, 0, republished.stderr)
        caller_media.send_dtmf(peer, "2", inband=False)
        self.assert_sipp_ok(caller)
        self.assertEqual(self.cdr(server, caller)["hangup_cause"], "ivr: v1")
        self.assertEqual(self.ivr_trail(server, self.cdr(server, caller)["id"])["version"], 1)

        second, second_media = self.dial(server, "1002", "4100", "uac_call_remote_bye.xml")
        peer = self.answered_by_server(second, second_media)
        second_media.send_dtmf(peer, "2", inband=False)
        self.assert_sipp_ok(second)
        self.assertEqual(self.cdr(server, second)["hangup_cause"], "ivr: v2", "a new call runs the new version")

    def run_balance_flow(self, service, timeout_ms):
        self.addCleanup(service.close)

        def setup(server):
            published = publish(server, "balance", balance_flow(service.port, timeout_ms))
            self.assertEqual(published.returncode, 0, published.stderr)
            server.number_add("4500", "flow:balance")
        server = self.start_server(setup)
        caller, _ = self.dial(server, "1001", "4500", "uac_call_remote_bye.xml")
        self.assert_sipp_ok(caller)  # the flow ran to its hang-up
        return self.ivr_trail(server, self.cdr(server, caller)["id"])

    def test_an_http_node_asks_a_service_with_the_caller_number_and_branches_on_its_json(self):
        service = BalanceService()
        ivr = self.run_balance_flow(service, 2000)
        self.assertEqual(service.paths, ["/balance?caller=1001"])
        self.assertEqual(ivr["path"], ["lookup", "check", "rich", "end"], ivr)
        self.assertEqual(ivr["variables"]["balance"], "42")
        self.assertEqual(ivr["variables"]["status"], "200")
        self.assertEqual(ivr["errors"], [])

    def test_an_http_node_whose_service_never_answers_takes_on_error_after_its_timeout(self):
        service = BalanceService(silent=True)
        started = time.monotonic()
        ivr = self.run_balance_flow(service, 700)
        self.assertEqual(service.paths, ["/balance?caller=1001"])
        self.assertEqual(ivr["path"], ["lookup", "failed", "end"], ivr)
        self.assertEqual(ivr["errors"], ["nodes.lookup: HTTP request failed: timed out after 700 ms"])
        self.assertNotIn("balance", ivr["variables"])
        self.assertGreater(time.monotonic() - started, 0.7)

    def test_a_flow_with_errors_is_refused_naming_node_and_field(self):
        server = self.start_server()
        broken = json.loads(json.dumps(FLOW))
        broken["nodes"]["menu"]["keys"]["3"] = "nowhere"
        del broken["nodes"]["to_agent"]["target"]
        published = publish(server, "broken", broken)
        self.assertNotEqual(published.returncode, 0)
        self.assertIn("nodes.menu.keys.3", published.stderr)
        self.assertIn("nowhere", published.stderr)
        self.assertIn("nodes.to_agent.target", published.stderr)


if __name__ == "__main__":
    unittest.main()

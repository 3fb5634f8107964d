"""Outbound dial rules (PBX-8) and external transfers (IVR-10, ACD-3), end to end.

Two carriers are sipp UASes on their own ports (trunks "carrier-a", tried first, and "carrier-b").
Extension 1001 dials 9 + an outside number; the routes choose the trunks by pattern, priority and
time window, and set the caller ID the carrier sees. A trunk answering 503, or not answering at all
(the server runs with --trunk-response-timeout 1), passes the call to the next trunk without the
caller noticing; a 486 is the callee's answer and final. Every attempt is a leg of the call record.
An IVR transfer node with "external": true and a queue overflowing to external_number dial out
through the same routes, and the caller talks to the carrier through the relay.
"""

import datetime
import json
import subprocess
import unittest

from harness import LOCALHOST, ServerTestCase, free_port, header, media_address, sip_messages, wait_until

NUMBER = "0105550199"
RESPONSE_TIMEOUT = ("--trunk-response-timeout", "1")
UTC_OFFSET_MIN = 480  # the server's default tenant time, UTC+8


def invites(sipp):
    return [m for d, m in sip_messages(sipp.messages()) if d == "received" and m.startswith("INVITE ")]


def sip_user(value):
    """The user part of a From or P-Asserted-Identity value: '<sip:4008001234@realm>;tag=x'."""
    return value.split("sip:", 1)[1].split("@", 1)[0]


class OutboundTest(ServerTestCase):

    # ----------------------------------------------------------------------------- helpers
    def trunks(self, *routes):
        """Set-up adding carrier-a and carrier-b on free ports and `routes` as (pattern, trunk,
        strip, *flags); the ports are in self.port_a and self.port_b."""
        self.port_a, self.port_b = free_port(tcp=False), free_port(tcp=False)

        def setup(server):
            server.trunk_add("carrier-a", LOCALHOST, self.port_a)
            server.trunk_add("carrier-b", LOCALHOST, self.port_b)
            for pattern, trunk, strip, *flags in routes:
                server.route_add(pattern, trunk, strip, *flags)
        return setup

    def carrier(self, port, scenario="uas_trunk_answer.xml", pause_ms=300, name="carrier"):
        media = self.endpoint()
        sipp = self.sipp(scenario, name=f"{len(self.sipps) + 1:02d}-{name}", port=port, pause_ms=pause_ms,
                         keys={"ext": name, "rtp_port": media.port}).start()
        return sipp, media

    def rejecting_carrier(self, port, code, reason, name):
        scenario = self.scenario_variant("uas_busy.xml", {"486 Busy Here": f"{code} {reason}"})
        return self.carrier(port, scenario, pause_ms=None, name=name)

    def talk(self, caller, caller_media, callee, callee_media):
        caller_peer = media_address(caller.wait_logged("MEDIA", 15))
        callee_peer = media_address(callee.wait_logged("MEDIA", 15))
        self.assert_rtp_both_ways(caller_media, caller_peer, callee_media, callee_peer)

    def legs(self, server, record):
        legs = [leg for leg in server.call_detail(record["id"])["legs"] if leg["role"] == "callee"]
        return sorted(legs, key=lambda leg: leg["started_at"])

    # --------------------------------------------------------------------------- failover
    def test_a_trunk_answering_503_passes_the_call_to_the_next_which_talks(self):
        server = self.start_server(self.trunks(("9.", "carrier-a", 1, "--priority", "10"),
                                               ("9.", "carrier-b", 1, "--priority", "20")))
        # carrier-a rings (180) before it gives up with 503; carrier-b rings again, then answers.
        ringing_then_503 = self.scenario_variant("uas_busy.xml", {
            "100 Trying": "180 Ringing", "486 Busy Here": "503 Service Unavailable",
            "User-Agent: hotline-itest": "Contact: <sip:[ext]@[local_ip]:[local_port]>\n      User-Agent: hotline-itest"})
        trunk_a, _ = self.carrier(self.port_a, ringing_then_503, pause_ms=None, name="carrier-a")
        trunk_b, trunk_b_media = self.carrier(self.port_b, "uas_answer.xml", pause_ms=500, name="carrier-b")
        caller, caller_media = self.dial(server, "1001", "9" + NUMBER, "uac_call_auth.xml", pause_ms=2000)
        self.talk(caller, caller_media, trunk_b, trunk_b_media)
        self.assert_sipp_ok(caller, trunk_a, trunk_b)
        self.assertTrue(trunk_b.logged("RURI")[0][0].startswith(f"sip:{NUMBER}@"))

        record = self.cdr(server, caller)
        self.assertEqual(record["disposition"], "answered")
        self.assertEqual(record["direction"], "outbound")
        legs = self.legs(server, record)
        self.assertEqual([(leg["endpoint"], leg["sip_status"], leg["disposition"]) for leg in legs],
                         [("trunk:carrier-a", 503, "failed"), ("trunk:carrier-b", 200, "answered")], legs)
        failovers = [e["detail"] for e in server.call_detail(record["id"])["events"] if e["kind"] == "trunk_failover"]
        self.assertEqual(failovers, ["trunk:carrier-a 503"])
        ringing = [m for d, m in sip_messages(caller.messages()) if d == "received" and m.startswith("SIP/2.0 180")]
        self.assertEqual(len(ringing), 1, "the caller must be told once that it rings, not once per trunk")

    def test_after_early_media_from_a_failed_trunk_the_caller_hears_ringback(self):
        server = self.start_server(self.trunks(("9.", "carrier-a", 1, "--priority", "10"),
                                               ("9.", "carrier-b", 1, "--priority", "20")))
        early_media_then_503 = self.scenario_variant("uas_trunk_answer.xml", {
            "SIP/2.0 200 OK\n      [last_Via:]\n      [last_From:]\n      [last_To:];tag":
            "SIP/2.0 503 Service Unavailable\n      [last_Via:]\n      [last_From:]\n      [last_To:];tag"})
        self.carrier(self.port_a, early_media_then_503, pause_ms=300, name="carrier-a")
        trunk_b, trunk_b_media = self.carrier(self.port_b, "uas_answer.xml", pause_ms=2500, name="carrier-b")
        caller, caller_media = self.dial(server, "1001", "9" + NUMBER, "uac_call_auth.xml", pause_ms=800)
        self.assertIsNotNone(trunk_b.wait_logged("MEDIA", 10), "carrier-b was not dialled")
        # Nobody sends RTP before carrier-b answers: what the caller hears now is the server's.
        self.assertTrue(wait_until(lambda: caller_media.loud >= 15, 2),
                        f"the caller heard {caller_media.loud} audible packets while carrier-b rang")
        self.assertEqual(caller.logged("ANSWERED"), [], "carrier-b answered too early for this test")
        self.talk(caller, caller_media, trunk_b, trunk_b_media)
        self.assert_sipp_ok(caller, trunk_b)

    def test_a_silent_trunk_is_given_up_on_and_the_next_answers(self):
        server = self.start_server(self.trunks(("9.", "carrier-a", 1, "--priority", "10"),
                                               ("9.", "carrier-b", 1, "--priority", "20")),
                                   ring_timeout_s=5, extra_args=RESPONSE_TIMEOUT)
        trunk_a, _ = self.carrier(self.port_a, "uas_trunk_silent.xml", pause_ms=None, name="carrier-a")
        trunk_b, trunk_b_media = self.carrier(self.port_b, name="carrier-b")
        caller, caller_media = self.dial(server, "1001", "9" + NUMBER, "uac_call_auth.xml", pause_ms=1500)
        self.talk(caller, caller_media, trunk_b, trunk_b_media)
        self.assert_sipp_ok(caller, trunk_b)
        self.assertTrue(trunk_a.logged("RURI"), "carrier-a never got the INVITE")

        record = self.cdr(server, caller)
        self.assertEqual(record["disposition"], "answered")
        legs = self.legs(server, record)
        self.assertEqual([(leg["endpoint"], leg["sip_status"]) for leg in legs],
                         [("trunk:carrier-a", 408), ("trunk:carrier-b", 200)], legs)
        self.assertIn("no response from the trunk", legs[0]["hangup_cause"])
        self.assertAlmostEqual(legs[1]["started_at"] - legs[0]["started_at"], 1000, delta=600)

    def test_the_next_trunk_answers_its_own_digest_challenge(self):
        port_a, port_b = free_port(tcp=False), free_port(tcp=False)

        def setup(server):
            server.trunk_add("carrier-a", LOCALHOST, port_a, "hotline-a", "secret-a")
            server.trunk_add("carrier-b", LOCALHOST, port_b, "hotline-b", "secret-b")
            server.route_add("9.", "carrier-a", 1, "--priority", "10")
            server.route_add("9.", "carrier-b", 1, "--priority", "20")
        server = self.start_server(setup)
        trunk_a, _ = self.rejecting_carrier(port_a, 503, "Service Unavailable", "carrier-a")
        trunk_b_media = self.endpoint()
        trunk_b = self.sipp("uas_trunk_auth_answer.xml", name=f"{len(self.sipps) + 1:02d}-carrier-b", port=port_b,
                            pause_ms=200, keys={"ext": "carrier-b", "rtp_port": trunk_b_media.port,
                                                "trunk_user": "hotline-b", "trunk_pass": "secret-b"}).start()
        caller, caller_media = self.dial(server, "1001", "9" + NUMBER, "uac_call_auth.xml", pause_ms=1000)
        self.talk(caller, caller_media, trunk_b, trunk_b_media)
        self.assert_sipp_ok(caller, trunk_a, trunk_b)
        self.assertEqual(trunk_b.logged("AUTH"), [["true"]], "carrier-b's digest check failed")

    def test_busy_is_the_callees_answer_and_no_other_trunk_is_tried(self):
        server = self.start_server(self.trunks(("9.", "carrier-a", 1, "--priority", "10"),
                                               ("9.", "carrier-b", 1, "--priority", "20")))
        trunk_a, _ = self.rejecting_carrier(self.port_a, 486, "Busy Here", "carrier-a")
        trunk_b, _ = self.carrier(self.port_b, name="carrier-b")
        caller, _ = self.dial(server, "1001", "9" + NUMBER, "uac_expect_code.xml")
        self.assert_sipp_ok(caller, trunk_a)
        self.assertEqual(caller.logged("FINAL"), [["486"]])
        record = self.cdr(server, caller)
        self.assertEqual(record["disposition"], "busy")
        self.assertEqual([leg["endpoint"] for leg in self.legs(server, record)], ["trunk:carrier-a"])
        self.assertEqual(invites(trunk_b), [], "carrier-b was dialled after a busy answer")

    def test_when_every_trunk_fails_the_caller_gets_the_last_answer(self):
        server = self.start_server(self.trunks(("9.", "carrier-a", 1, "--priority", "10"),
                                               ("9.", "carrier-b", 1, "--priority", "20")))
        trunk_a, _ = self.rejecting_carrier(self.port_a, 503, "Service Unavailable", "carrier-a")
        trunk_b, _ = self.rejecting_carrier(self.port_b, 500, "Server Internal Error", "carrier-b")
        caller, _ = self.dial(server, "1001", "9" + NUMBER, "uac_expect_code.xml")
        self.assert_sipp_ok(caller, trunk_a, trunk_b)
        self.assertEqual(caller.logged("FINAL"), [["500"]])
        record = self.cdr(server, caller)
        self.assertEqual(record["disposition"], "failed")
        self.assertEqual([(leg["endpoint"], leg["sip_status"]) for leg in self.legs(server, record)],
                         [("trunk:carrier-a", 503), ("trunk:carrier-b", 500)])

    # ------------------------------------------------------------------ choice and caller ID
    def test_cheaper_route_first_and_its_caller_id_rule_is_what_the_carrier_sees(self):
        server = self.start_server(self.trunks(
            ("9.", "carrier-a", 1, "--cost", "12", "--caller-id", "prefix:01055501"),
            ("9.", "carrier-b", 1, "--cost", "5", "--caller-id", "fixed:4008001234")))
        trunk_a, _ = self.carrier(self.port_a, name="carrier-a")
        trunk_b, trunk_b_media = self.carrier(self.port_b, name="carrier-b")
        caller, caller_media = self.dial(server, "1001", "9" + NUMBER, "uac_call_auth.xml", pause_ms=1000)
        self.talk(caller, caller_media, trunk_b, trunk_b_media)
        self.assert_sipp_ok(caller, trunk_b)
        invite = invites(trunk_b)[0]
        self.assertEqual(sip_user(header(invite, "From")), "4008001234")
        self.assertEqual(sip_user(header(invite, "P-Asserted-Identity")), "4008001234")
        self.assertNotIn("1001", header(invite, "From"), "the extension leaked to the carrier")
        self.assertEqual(invites(trunk_a), [], "the dearer carrier-a was dialled")

    def test_prefix_caller_id_shows_the_extensions_did(self):
        server = self.start_server(self.trunks(("9.", "carrier-a", 1, "--caller-id", "prefix:0105550")))
        trunk_a, trunk_a_media = self.carrier(self.port_a, name="carrier-a")
        caller, caller_media = self.dial(server, "1001", "9" + NUMBER, "uac_call_auth.xml", pause_ms=800)
        self.talk(caller, caller_media, trunk_a, trunk_a_media)
        self.assert_sipp_ok(caller, trunk_a)
        self.assertEqual(sip_user(header(invites(trunk_a)[0], "From")), "01055501001")

    def test_a_route_outside_its_time_window_is_skipped(self):
        # A two-hour window that starts seven hours from now, tenant time: closed whenever this runs.
        now = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=UTC_OFFSET_MIN)
        opens, closes = now + datetime.timedelta(hours=7), now + datetime.timedelta(hours=9)
        server = self.start_server(self.trunks(
            ("9.", "carrier-a", 1, "--priority", "10", "--from", opens.strftime("%H:%M"),
             "--to", closes.strftime("%H:%M")),
            ("9.", "carrier-b", 1, "--priority", "20")))
        listed = subprocess.run([server.binary, "route", "list", "--data", str(server.data)],
                                capture_output=True, text=True, timeout=30)
        self.assertIn(f"all {opens.strftime('%H:%M')}-{closes.strftime('%H:%M')}", listed.stdout)
        trunk_a, _ = self.carrier(self.port_a, name="carrier-a")
        trunk_b, trunk_b_media = self.carrier(self.port_b, name="carrier-b")
        caller, caller_media = self.dial(server, "1001", "9" + NUMBER, "uac_call_auth.xml", pause_ms=800)
        self.talk(caller, caller_media, trunk_b, trunk_b_media)
        self.assert_sipp_ok(caller, trunk_b)
        self.assertEqual(invites(trunk_a), [], "carrier-a was dialled outside its window")

    def test_bad_route_options_are_refused_naming_the_option(self):
        server = self.start_server(self.trunks())
        for flags, named in ((("--days", "fri-mon"), "--days"), (("--caller-id", "fixed:main"), "--caller-id"),
                             (("--from", "8:00", "--to", "18:00"), "--from"), (("--from", "08:00"), "--from")):
            run = subprocess.run([server.binary, "route", "add", "--data", str(server.data), "--pattern", "9.",
                                  "--trunk", "carrier-a", *flags], capture_output=True, text=True, timeout=30)
            self.assertNotEqual(run.returncode, 0, flags)
            self.assertIn(named, run.stderr, flags)

    # ---------------------------------------------------------------- external transfers
    def test_an_ivr_transfer_to_an_outside_number_connects_the_caller(self):
        flow = {
            "name": "after hours",
            "start": "menu",
            "nodes": {
                "menu": {"type": "menu", "prompt": [{"type": "tone", "tone": "dial", "duration_ms": 3000}],
                         "keys": {"1": "duty"}, "timeout_ms": 8000, "max_retries": 0, "on_failure": "end"},
                "duty": {"type": "transfer", "target": NUMBER, "external": True, "on_failure": "end"},
                "end": {"type": "hangup", "cause": "normal"},
            },
        }

        def setup(server):
            self.trunks(("0.", "carrier-a", 0, "--priority", "10"), ("0.", "carrier-b", 0, "--priority", "20",
                                                                     "--caller-id", "fixed:4008001234"))(server)
            path = server.workdir / "duty.json"
            path.write_text(json.dumps(flow))
            server._cli("flow", "publish", "--data", str(server.data), "--name", "duty", "--file", str(path))
            server.number_add("4100", "flow:duty")
        server = self.start_server(setup)
        trunk_a, _ = self.rejecting_carrier(self.port_a, 503, "Service Unavailable", "carrier-a")
        trunk_b, trunk_b_media = self.carrier(self.port_b, pause_ms=300, name="carrier-b")
        caller, caller_media = self.dial(server, "1002", "4100", "uac_call_auth.xml", pause_ms=6000)
        peer = media_address(caller.wait_logged("MEDIA", 15))
        self.assertTrue(wait_until(lambda: caller_media.received >= 10, 5), "the menu did not play")
        caller_media.send_dtmf(peer, "1", inband=False)
        caller_media.wait_sent()

        trunk_peer = media_address(trunk_b.wait_logged("MEDIA", 15))
        self.assertIsNotNone(trunk_peer, "carrier-b was not dialled")
        self.assertTrue(wait_until(lambda: trunk_b.logged("ACKED"), 5), "carrier-b's answer was not taken")
        before = trunk_b_media.received
        caller_media.send_burst(peer, count=50, tone_hz=1000)
        trunk_b_media.send_burst(trunk_peer, count=50, tone_hz=440)
        caller_media.wait_sent()
        self.assertTrue(wait_until(lambda: trunk_b_media.received - before >= 40, 3),
                        "the caller's audio does not reach the carrier through the relay")
        self.assert_sipp_ok(caller, trunk_a, trunk_b)
        self.assertEqual(sip_user(header(invites(trunk_b)[0], "From")), "4008001234")

        record = self.cdr(server, caller)
        self.assertEqual([(leg["endpoint"], leg["sip_status"], leg["disposition"])
                          for leg in self.legs(server, record)],
                         [("trunk:carrier-a", 503, "failed"), ("trunk:carrier-b", 200, "answered")])
        self.assertEqual(self.ivr_trail(server, record["id"])["end"], "transfer")

    def test_an_ivr_transfer_with_no_open_route_takes_the_failure_branch(self):
        flow = {
            "name": "nowhere",
            "start": "duty",
            "nodes": {
                "duty": {"type": "transfer", "target": "13800138000", "external": True, "on_failure": "end"},
                "end": {"type": "hangup", "cause": "no route"},
            },
        }

        def setup(server):
            self.trunks(("0.", "carrier-a", 0))(server)
            path = server.workdir / "nowhere.json"
            path.write_text(json.dumps(flow))
            server._cli("flow", "publish", "--data", str(server.data), "--name", "nowhere", "--file", str(path))
            server.number_add("4100", "flow:nowhere")
        server = self.start_server(setup)
        caller, _ = self.dial(server, "1002", "4100", "uac_call_remote_bye.xml")
        self.assert_sipp_ok(caller)
        record = self.cdr(server, caller)
        self.assertEqual(record["hangup_cause"], "ivr: no route")
        trail = self.ivr_trail(server, record["id"])
        self.assertIn("no outbound route is open for 13800138000", json.dumps(trail["errors"]))

    def test_a_queue_overflowing_to_an_outside_number_connects_the_caller(self):
        def setup(server):
            self.trunks(("0.", "carrier-a", 0))(server)
            server._cli("queue", "add", "--data", str(server.data), "--name", "support", "--members", "1003",
                        "--max-wait", "1", "--announce-interval", "0", "--overflow", f"external_number:{NUMBER}")
            server.number_add("4200", "queue:support")
        server = self.start_server(setup)
        trunk_a, trunk_a_media = self.carrier(self.port_a, pause_ms=200, name="carrier-a")
        caller, caller_media = self.dial(server, "1001", "4200", "uac_call_auth.xml", pause_ms=4000)
        self.talk(caller, caller_media, trunk_a, trunk_a_media)
        self.assert_sipp_ok(caller, trunk_a)
        self.assertTrue(trunk_a.logged("RURI")[0][0].startswith(f"sip:{NUMBER}@"))
        record = self.cdr(server, caller)
        self.assertEqual([(leg["endpoint"], leg["disposition"]) for leg in self.legs(server, record)],
                         [("trunk:carrier-a", "answered")])
        exits = server.db_rows("SELECT outcome FROM queue_log WHERE call_id = ?", (record["id"],))
        self.assertEqual([row["outcome"] for row in exits], ["overflowed"])

    def test_a_queue_overflow_nobody_takes_hangs_up_with_the_cause(self):
        def setup(server):
            self.trunks(("0.", "carrier-a", 0))(server)
            server._cli("queue", "add", "--data", str(server.data), "--name", "support", "--members", "1003",
                        "--max-wait", "1", "--announce-interval", "0", "--overflow", f"external_number:{NUMBER}")
            server.number_add("4200", "queue:support")
        server = self.start_server(setup)
        trunk_a, _ = self.rejecting_carrier(self.port_a, 486, "Busy Here", "carrier-a")
        caller, _ = self.dial(server, "1001", "4200", "uac_call_remote_bye.xml")
        self.assert_sipp_ok(caller, trunk_a)
        record = self.cdr(server, caller)
        self.assertEqual(record["hangup_side"], "system")
        self.assertEqual(record["hangup_cause"], f"queue overflow to {NUMBER} failed: SIP 486")


if __name__ == "__main__":
    unittest.main()

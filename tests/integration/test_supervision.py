"""Supervisors on agents' calls (SUP-1) through SIP: a team leader's phone dials a code.

The customer 1001 calls the agent 1002; the team leader, whose phone is 1004, dials *11002 to
listen, *21002 to whisper to the agent, *31002 to barge in or *41002 to take the call over (the
agent's phone is hung up; the customer talks on with the leader until the leader hangs up). Each
phone sends its own tone (customer 500 Hz, agent 1100 Hz, supervisor 1700 Hz) and what each one
receives is decoded, one second at a time, to tell who hears whom. An agent may not supervise (403), nor may anyone
supervise an extension that is on no call (480); the supervised call's timeline shows who
supervised it and how, and listening in is in the audit log.
"""

import unittest

from harness import ServerTestCase, loudest_tone_db, media_address, wait_until

CUSTOMER, AGENT, LEADER = "1001", "1002", "1004"
TONES = {CUSTOMER: 500, AGENT: 1100, LEADER: 1700}
LEADER_SIP_PASSWORD = "lead-sip-secret-1"
HEARD_DB, SILENT_DB = 60, 40  # as test_conference: a tone in the mix, and leakage at most


class SupervisionTest(ServerTestCase):

    def start(self):
        def team_leader(server):
            server._cli("extension", "add", "--data", str(server.data), "--extension", LEADER,
                        "--password", LEADER_SIP_PASSWORD)
            server.user_add("lead", "lead-login-secret-1", "team_leader", extension=LEADER)
            server.credentials["extensions"].append({"extension": LEADER, "password": LEADER_SIP_PASSWORD})
        return self.start_server(team_leader)

    def supervise(self, code: str) -> dict:
        """Customer and agent talk for 9 s; 1.5 s in, the leader dials `code` for 3 s. What each
        of the three heard, by tone, at its loudest second."""
        server = self.start()
        agent, agent_media = self.phone(server, AGENT, "uas_answer.xml")
        customer, customer_media = self.dial(server, CUSTOMER, AGENT, "uac_call_auth.xml", pause_ms=9000)
        for sipp, media, ext in ((customer, customer_media, CUSTOMER), (agent, agent_media, AGENT)):
            peer = media_address(sipp.wait_logged("MEDIA", 15))
            self.assertIsNotNone(peer, f"{ext} got no SDP from the server")
            media.send_burst(peer, count=400, tone_hz=TONES[ext])
        wait_until(lambda: customer_media.received > 50 and agent_media.received > 50, 5)
        leader, leader_media = self.dial(server, LEADER, code, "uac_call_auth.xml", pause_ms=3000)
        peer = media_address(leader.wait_logged("MEDIA", 15))
        self.assertIsNotNone(peer, f"the supervisor dialling {code} was not answered")
        leader_media.send_burst(peer, count=150, tone_hz=TONES[LEADER])
        self.assert_sipp_ok(leader, customer, agent)

        heard = {who: {tone_of: loudest_tone_db(media.packets, hz) for tone_of, hz in TONES.items()}
                 for who, media in ((CUSTOMER, customer_media), (AGENT, agent_media), (LEADER, leader_media))}
        self.server, self.customer = server, customer
        return heard

    def assert_hears(self, heard: dict, who: str, whom: str, hears: bool):
        level = heard[who][whom]
        if hears:
            self.assertGreater(level, HEARD_DB, f"{who} does not hear {whom} ({level:.1f} dB); all: {heard}")
        else:
            self.assertLess(level, SILENT_DB, f"{who} hears {whom} ({level:.1f} dB); all: {heard}")

    def timeline(self) -> list[tuple[str, str, str]]:
        record = self.cdr(self.server, self.customer)
        return [(e["kind"], e["party"], e["detail"]) for e in self.server.call_detail(record["id"])["events"]
                if e["kind"].startswith("supervision")]

    def test_listening_the_supervisor_hears_both_and_nobody_hears_the_supervisor(self):
        heard = self.supervise("*1" + AGENT)
        self.assert_hears(heard, LEADER, CUSTOMER, True)
        self.assert_hears(heard, LEADER, AGENT, True)
        self.assert_hears(heard, CUSTOMER, AGENT, True)
        self.assert_hears(heard, AGENT, CUSTOMER, True)
        self.assert_hears(heard, CUSTOMER, LEADER, False)
        self.assert_hears(heard, AGENT, LEADER, False)
        self.assertEqual(self.timeline(), [("supervision_started", "supervisor", "listen 1004"),
                                           ("supervision_ended", "supervisor", "listen 1004")])
        record = self.cdr(self.server, self.customer)
        audited = wait_until(lambda: self.server.api_get("/api/v1/audit?object_type=calls")["items"], 5)
        self.assertTrue(audited, "listening in was not audited")
        self.assertEqual([(a["username"], a["action"], a["object_id"]) for a in audited],
                         [("lead", "SIP listen", record["id"])])

    def test_whispering_only_the_agent_hears_the_supervisor(self):
        heard = self.supervise("*2" + AGENT)
        self.assert_hears(heard, AGENT, LEADER, True)
        self.assert_hears(heard, CUSTOMER, LEADER, False)
        self.assert_hears(heard, LEADER, CUSTOMER, True)
        self.assert_hears(heard, CUSTOMER, AGENT, True)

    def test_barging_in_everyone_hears_everyone(self):
        heard = self.supervise("*3" + AGENT)
        for who in TONES:
            for whom in TONES:
                if who != whom:
                    self.assert_hears(heard, who, whom, True)
        self.assertIn(("supervision_started", "supervisor", "barge 1004"), self.timeline())

    def test_taking_over_the_agent_is_hung_up_and_the_supervisor_talks_with_the_customer(self):
        server = self.start()
        agent, agent_media = self.phone(server, AGENT, "uas_answer.xml")
        customer, customer_media = self.dial(server, CUSTOMER, AGENT, "uac_call_remote_bye.xml")
        for sipp, media, ext in ((customer, customer_media, CUSTOMER), (agent, agent_media, AGENT)):
            peer = media_address(sipp.wait_logged("MEDIA", 15))
            self.assertIsNotNone(peer, f"{ext} got no SDP from the server")
            media.send_burst(peer, count=300, tone_hz=TONES[ext])
        wait_until(lambda: customer_media.received > 50 and agent_media.received > 50, 5)
        leader, leader_media = self.dial(server, LEADER, "*4" + AGENT, "uac_call_auth.xml", pause_ms=3000)
        peer = media_address(leader.wait_logged("MEDIA", 15))
        self.assertIsNotNone(peer, "the supervisor taking over was not answered")
        heard_before = len(customer_media.packets)
        leader_media.send_burst(peer, count=150, tone_hz=TONES[LEADER])
        self.assert_sipp_ok(agent)  # hung up by the server as the supervisor took over
        self.assert_sipp_ok(leader, customer)  # the customer's call ends with the supervisor's
        after = loudest_tone_db(customer_media.packets[heard_before:], TONES[LEADER])
        self.assertGreater(after, HEARD_DB, f"the customer does not hear the supervisor ({after:.1f} dB)")
        self.assertGreater(loudest_tone_db(leader_media.packets, TONES[CUSTOMER]), HEARD_DB, "the supervisor does not hear the customer")
        self.server, self.customer = server, customer
        record = self.cdr(server, customer)
        events = [(e["kind"], e["detail"]) for e in server.call_detail(record["id"])["events"]]
        self.assertIn(("taken_over", f"{LEADER} from {AGENT}"), events)
        agent_leg = next(leg for leg in server.call_detail(record["id"])["legs"] if leg["endpoint"] == AGENT)
        self.assertEqual(agent_leg["hangup_cause"], f"taken over by {LEADER}")
        self.assertEqual(record["hangup_cause"], "the supervisor who took the call over hung up")

    def test_an_agent_may_not_supervise_and_nobody_supervises_an_idle_extension(self):
        server = self.start()
        agent, _ = self.phone(server, AGENT, "uas_answer.xml")
        customer, customer_media = self.dial(server, CUSTOMER, AGENT, "uac_call_auth.xml", pause_ms=4000)
        self.assertIsNotNone(media_address(customer.wait_logged("MEDIA", 15)))
        refused, _ = self.dial(server, "1003", "*1" + AGENT, "uac_expect_code.xml")  # agent3: an agent
        self.assert_sipp_ok(refused)
        self.assertEqual(refused.logged("FINAL"), [["403"]])
        idle, _ = self.dial(server, LEADER, "*11003", "uac_expect_code.xml")
        self.assert_sipp_ok(idle)
        self.assertEqual(idle.logged("FINAL"), [["480"]])
        self.assert_sipp_ok(customer, agent)


if __name__ == "__main__":
    unittest.main()

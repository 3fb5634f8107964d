"""Calls placed from the agent desktop (click-to-dial, PBX-10; docs/cti.md `call.dial`) and the
supervisor's desktop joining an agent's call (SUP-1, `call.listen`/`call.barge`), on the real
server with sipp phones.

`call.dial` rings the agent's own phone first (every phone registered for the extension: the
one that answers places the call, the others stop ringing); once it answers, the number rings (another
extension, or an outside number through the carrier trunk) and the two talk through the relay. A
busy outside number is redialled as `redial` asks while the agent hears the busy tone. A number
that goes nowhere, a phone that is not registered and a supervision code an agent may not use are
refused naming what is wrong. A team leader's `call.listen` rings the leader's phone and then
the leader hears both sides of the agent's call; `call.force_hangup` ends it for everyone.
"""

import time
import unittest

from cti_client import CtiSocket
from harness import LOCALHOST, ServerTestCase, first_message_time, free_port, media_address

TRUNK = "carrier"
CUSTOMER = "0612345678"
LEAD = ("lead", "lead-password-1")
LEAD_EXTENSION, LEAD_SIP_PASSWORD = "1004", "Sip-1004-secret"


class ClickToDialTest(ServerTestCase):

    def start(self):
        trunk_port = free_port(tcp=False)

        def setup(server):
            server.trunk_add(TRUNK, LOCALHOST, trunk_port)
            server.route_add("0.", TRUNK, 0)
            server.number_add("4100", "1001")  # straight to agent 1001's phone
            server._cli("extension", "add", "--data", str(server.data), "--extension", LEAD_EXTENSION,
                        "--password", LEAD_SIP_PASSWORD)
            server.user_add(LEAD[0], LEAD[1], "team_leader", LEAD_EXTENSION)
            server.credentials["extensions"].append({"extension": LEAD_EXTENSION, "password": LEAD_SIP_PASSWORD})
        return self.start_server(setup), trunk_port

    def socket(self, server, username, password):
        ws = CtiSocket(server.http_port, server.login_as(username, password))
        self.addCleanup(ws.close)
        self.assertIsNotNone(ws.event("hello"), "no hello")
        return ws

    def agent_socket(self, server, extension):
        entry = next(a for a in server.credentials["agents"] if a["extension"] == extension)
        return self.socket(server, entry["username"], entry["password"])

    def ok(self, reply):
        self.assertTrue(reply.get("ok"), reply)
        return reply["result"]

    def carrier(self, port, scenario, pause_ms=None):
        media = self.endpoint()
        sipp = self.sipp(scenario, name=f"{len(self.sipps) + 1:02d}-carrier", port=port, pause_ms=pause_ms,
                         keys={"ext": "carrier", "rtp_port": media.port}).start()
        return sipp, media

    def test_the_agents_phone_rings_first_then_the_colleague_and_they_talk(self):
        server, _ = self.start()
        agent, agent_media = self.phone(server, "1001", "uas_answer.xml", pause_ms=300)
        colleague, colleague_media = self.phone(server, "1002", "uas_answer.xml", pause_ms=300)
        ws = self.agent_socket(server, "1001")
        call_id = self.ok(ws.command("d1", "call.dial", {"number": "1002"}))["call_id"]
        offered = ws.event("call.offered", 10)
        self.assertIsNotNone(offered, "the desktop did not see its own phone ring")
        self.assertEqual((offered["data"]["caller"], offered["data"]["dialled"]), ("1001", "1002"))
        self.assertIsNotNone(ws.event("call.answered", 10))

        self.assert_rtp_both_ways(agent_media, media_address(agent.wait_logged("MEDIA", 10)),
                                  colleague_media, media_address(colleague.wait_logged("MEDIA", 10)))
        rang_agent = first_message_time(agent, "received", "INVITE")
        rang_colleague = first_message_time(colleague, "received", "INVITE")
        self.assertLess(rang_agent, rang_colleague, "the colleague rang before the agent's own phone")
        self.assertGreater(rang_colleague - rang_agent, 0.25, "the colleague rang before the agent answered")

        self.ok(ws.command("d2", "call.hangup", {"call_id": call_id}))
        self.assert_sipp_ok(agent, colleague)
        detail = server.call_detail(call_id)
        self.assertEqual((detail["caller"], detail["callee"], detail["direction"]), ("1001", "1002", "internal"))
        self.assertEqual([(leg["role"], leg["endpoint"]) for leg in detail["legs"]],
                         [("caller", "1001"), ("callee", "1002")])
        self.assertIn("originated", [e["kind"] for e in detail["events"]])

    def test_every_phone_of_the_agent_rings_and_the_one_that_answers_places_the_call(self):
        server, _ = self.start()
        desk_phone, desk_media = self.phone(server, "1001", "uas_answer.xml", pause_ms=800)
        softphone, _ = self.phone(server, "1001", "uas_ring_noanswer.xml")  # registered last
        colleague, colleague_media = self.phone(server, "1002", "uas_answer.xml", pause_ms=300)
        ws = self.agent_socket(server, "1001")
        call_id = self.ok(ws.command("d1", "call.dial", {"number": "1002"}))["call_id"]
        self.assertIsNotNone(ws.event("call.offered", 10))
        self.assertIsNotNone(ws.event("call.answered", 10), "the desk phone's answer is not on the desktop")
        self.assertIsNotNone(softphone.wait_logged("CANCEL_RECEIVED", 10), "the softphone rings on")
        self.assert_sipp_ok(softphone)
        self.assert_rtp_both_ways(desk_media, media_address(desk_phone.wait_logged("MEDIA", 10)),
                                  colleague_media, media_address(colleague.wait_logged("MEDIA", 10)))
        self.assertIsNone(ws.event("call.ended", 0.5), "the softphone's cancel ended the call on the desktop")

        self.ok(ws.command("d2", "call.hangup", {"call_id": call_id}))
        self.assert_sipp_ok(desk_phone, colleague)
        legs = [(leg["role"], leg["endpoint"], leg["disposition"]) for leg in server.call_detail(call_id)["legs"]]
        self.assertEqual(sorted(legs), [("callee", "1002", "answered"), ("caller", "1001", "answered"),
                                        ("caller", "1001", "cancelled")])

    def test_a_busy_outside_number_is_redialled_while_the_agent_hears_busy_tone(self):
        server, trunk_port = self.start()
        agent, agent_media = self.phone(server, "1001", "uas_answer.xml", pause_ms=200, timeout_s=40)
        busy, _ = self.carrier(trunk_port, "uas_busy.xml")
        ws = self.agent_socket(server, "1001")
        call_id = self.ok(ws.command("d1", "call.dial", {"number": CUSTOMER,
                                                        "redial": {"attempts": 1, "interval_s": 3}}))["call_id"]
        self.assert_sipp_ok(busy)  # the first try: 486
        heard_before = agent_media.loud
        answering, customer_media = self.carrier(trunk_port, "uas_trunk_answer.xml", pause_ms=200)
        time.sleep(1.0)
        # China's busy tone is 350 ms on, 350 ms off: a second of it is at least one burst (17 packets).
        self.assertGreater(agent_media.loud - heard_before, 10, "the agent heard no busy tone between tries")
        customer_peer = media_address(answering.wait_logged("MEDIA", 10))
        self.assertIsNotNone(customer_peer, "the redial did not reach the carrier")
        time.sleep(0.5)
        self.assert_rtp_both_ways(agent_media, media_address(agent.wait_logged("MEDIA", 10)),
                                  customer_media, customer_peer)
        self.ok(ws.command("d2", "call.hangup", {"call_id": call_id}))
        self.assert_sipp_ok(agent, answering)
        detail = server.call_detail(call_id)
        self.assertEqual(detail["direction"], "outbound")
        self.assertEqual([leg["sip_status"] for leg in detail["legs"] if leg["role"] == "callee"], [486, 200])
        self.assertIn("redial_scheduled", [e["kind"] for e in detail["events"]])

    def test_what_cannot_be_dialled_is_refused_naming_it(self):
        server, _ = self.start()
        self.register(server, "1001")
        ws = self.agent_socket(server, "1001")
        nowhere = ws.command("e1", "call.dial", {"number": "5555"})
        self.assertEqual((nowhere["error"]["status"], nowhere["error"]["field"]), (404, "number"), nowhere)
        listen = ws.command("e2", "call.dial", {"number": "*11002"})
        self.assertEqual(listen["error"]["status"], 403, listen)
        unregistered = self.agent_socket(server, "1002").command("e3", "call.dial", {"number": "1001"})
        self.assertEqual(unregistered["error"]["status"], 409, unregistered)

    def test_a_team_leader_listens_from_the_desktop_and_hangs_the_call_up(self):
        server, trunk_port = self.start()
        agent, agent_media = self.phone(server, "1001", "uas_answer.xml", pause_ms=200, timeout_s=30)
        lead_phone, lead_media = self.phone(server, LEAD_EXTENSION, "uas_answer.xml", pause_ms=200,
                                          timeout_s=30)
        ws = self.agent_socket(server, "1001")  # before the call, so that its events come after the hello
        customer, customer_media = self.call_from_trunk(server, trunk_port, "4100", CUSTOMER,
                                                        scenario="uac_trunk_call_remote_bye.xml")
        agent_call = ws.event("call.answered", 10)
        self.assertIsNotNone(agent_call)
        lead = self.socket(server, *LEAD)
        listening = self.ok(lead.command("l1", "call.listen", {"extension": "1001"}))
        lead_peer = media_address(lead_phone.wait_logged("MEDIA", 10))
        self.assertIsNotNone(lead_peer, "the leader's phone was not rung")
        time.sleep(0.5)  # the leader's phone answered and joined

        before = lead_media.loud
        customer_media.send_burst(media_address(customer.wait_logged("MEDIA", 10)), count=40, tone_hz=1000)
        customer_media.wait_sent()
        time.sleep(0.3)
        self.assertGreater(lead_media.loud - before, 15, "the listening leader does not hear the customer")
        before = customer_media.loud
        lead_media.send_burst(lead_peer, count=40, tone_hz=700)
        lead_media.wait_sent()
        time.sleep(0.3)
        self.assertLessEqual(customer_media.loud - before, 2, "the customer hears the listening leader")

        self.ok(lead.command("l2", "call.force_hangup", {"call_id": agent_call["data"]["call_id"]}))
        self.assert_sipp_ok(customer, agent, lead_phone)
        events = [e["kind"] for e in server.call_detail(agent_call["data"]["call_id"])["events"]]
        self.assertIn("force_hangup", events)
        self.assertIn("originated", [e["kind"] for e in server.call_detail(listening["call_id"])["events"]])


if __name__ == "__main__":
    unittest.main()

"""Consultation from the agent desktop (PBX-3; docs/cti.md `call.consult`): attended transfer,
three-way and cancel, on the real server with sipp phones, checked by who hears whom.

A customer calls the agent 1001 through the carrier. Each party sends its own tone (customer
500 Hz, agent 1100 Hz, the consulted 1003 1700 Hz) and what each receives is decoded, phase by
phase. `call.consult` holds the customer (music) and rings 1003, whose desktop is offered the
consultation with the customer's number and the business data the agent attached; once 1003
answers, agent and 1003 talk while the customer hears neither. `call.three_way`: all three hear
one another. `call.consult_transfer`: the agent's phone is hung up and the customer and 1003 talk
until the customer hangs up, which ends 1003's call too. A consultation that is cancelled hangs
1003 up and gives the agent the customer back; a target that is busy fails it; transferring
before the target answers is refused (409); an agent who hangs up while talking with the target
transfers the customer to it.

A consultation or a blind transfer goes to a skill group or an outside number too (PBX-3): a
queue's agent (1003, ready in `support`) or a far party on the `outside` trunk (2300 Hz) answers
the consultation call the server places as if the agent had dialled, and the agent, joined to it
through the server's mix, talks with it while the customer hears music.

The desk conference grows past three: from the three-way call the agent consults 1002 (2900 Hz)
while the customer and 1003 talk on, brings it in too (all four hear one another), and transfers:
the three talk on without the agent, a party hanging up leaves the other two talking, and the
customer hanging up ends them all. A consultation from the conference that fails or is cancelled
takes the agent back to it; an agent who hangs up while the next party rings stops its ringing
and leaves the conference to the others.
"""

import time
import unittest

from cti_client import CtiSocket
from harness import LOCALHOST, ServerTestCase, free_port, loudest_tone_db, media_address, wait_until

TRUNK = "carrier"
CUSTOMER_NUMBER = "0612345678"
OUTSIDE_NUMBER = "90612340000"  # 9 for an outside line, then the number the trunk is sent
TONES = {"customer": 500, "agent": 1100, "target": 1700, "outside": 2300, "fourth": 2900}
HEARD_DB, SILENT_DB = 60, 40  # as test_supervision: a tone in the mix, and leakage at most
PHASE_S = 1.6


class ConsultTest(ServerTestCase):

    def start(self):
        trunk_port = free_port(tcp=False)
        self.outside_port = free_port(tcp=False)

        def setup(server):
            server.trunk_add(TRUNK, LOCALHOST, trunk_port)
            server.trunk_add("outside", LOCALHOST, self.outside_port)
            server.route_add("9.", "outside", 1)
            server.number_add("4100", "1001")  # straight to agent 1001's phone
            server._cli("queue", "add", "--data", str(server.data), "--name", "support", "--members", "1003",
                        "--announce-interval", "0")
        return self.start_server(setup), trunk_port

    def outside(self, pause_ms=300):
        """The far party of an outside number: sipp on the `outside` trunk's port, answering."""
        media = self.endpoint()
        sipp = self.sipp("uas_trunk_answer.xml", name=f"{len(self.sipps) + 1:02d}-outside", port=self.outside_port,
                         pause_ms=pause_ms, keys={"ext": "outside", "rtp_port": media.port}).start()
        return sipp, media

    def socket(self, server, extension):
        entry = next(a for a in server.credentials["agents"] if a["extension"] == extension)
        ws = CtiSocket(server.http_port, server.login_as(entry["username"], entry["password"]))
        self.addCleanup(ws.close)
        self.assertIsNotNone(ws.event("hello"), "no hello")
        return ws

    def ok(self, reply):
        self.assertTrue(reply.get("ok"), reply)
        return reply["result"]

    def customer_on_the_line(self, server, trunk_port, ws, pause_ms):
        """The customer calls 4100 and 1001's phone answers: (customer sipp, its media, call id)."""
        customer, media = self.call_from_trunk(server, trunk_port, "4100", CUSTOMER_NUMBER, pause_ms=pause_ms)
        offered = ws.event("call.offered", 10)
        self.assertIsNotNone(offered, "no call.offered")
        self.assertIsNotNone(ws.event("call.answered", 10), "no call.answered")
        return customer, media, offered["data"]["call_id"]

    def talk(self, sipp, media, who, seconds=14):
        """`who`'s phone sends its tone to the server for `seconds` (from its SDP's address)."""
        relay = media_address(sipp.wait_logged("MEDIA", 10))
        self.assertIsNotNone(relay, f"no SDP for the {who}")
        media.send_burst(relay, count=int(seconds * 50), tone_hz=TONES[who])

    def phase(self, parties: dict) -> dict:
        """What each party heard, by tone, during the next PHASE_S seconds (after a settling pause)."""
        time.sleep(0.3)
        start = {who: len(media.packets) for who, media in parties.items()}
        time.sleep(PHASE_S)
        return {who: {whom: loudest_tone_db(media.packets[start[who]:], hz, window=4000)
                      for whom, hz in TONES.items() if whom != who}
                for who, media in parties.items()}

    def assert_pair(self, heard, one, other, hear, when):
        """`one` and `other` hear each other (hear=True), or neither hears the other."""
        self.assert_hears(heard, one, other, hear, when)
        self.assert_hears(heard, other, one, hear, when)

    def assert_hears(self, heard, who, whom, hears, when):
        level = heard[who][whom]
        if hears:
            self.assertGreater(level, HEARD_DB, f"{when}: {who} does not hear {whom} ({level:.1f} dB); {heard}")
        else:
            self.assertLess(level, SILENT_DB, f"{when}: {who} hears {whom} ({level:.1f} dB); {heard}")

    def test_consult_then_three_way_then_transfer(self):
        server, trunk_port = self.start()
        agent, agent_media = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        target, target_media = self.phone(server, "1003", "uas_answer.xml", pause_ms=300)
        ws1, ws3 = self.socket(server, "1001"), self.socket(server, "1003")
        customer, customer_media, call_id = self.customer_on_the_line(server, trunk_port, ws1, pause_ms=14000)
        self.talk(customer, customer_media, "customer")
        self.talk(agent, agent_media, "agent")

        data = {"form": {"name": "张三", "issue": "water leak"}}
        consult = self.ok(ws1.command("k1", "call.consult", {"call_id": call_id, "extension": "1003", "data": data}))
        offered = ws3.event("call.offered", 10)
        self.assertIsNotNone(offered, "1003's desktop was not offered the consultation")
        self.assertEqual(offered["data"]["call_id"], consult["consult_call_id"])
        self.assertEqual(offered["data"]["consult"], {"call_id": call_id, "by": "1001", "customer": CUSTOMER_NUMBER})
        self.assertEqual(offered["data"]["data"], data)
        self.assertIsNotNone(ws1.event("call.consult", 10, lambda d: d["state"] == "talking"), "1003 never answered")
        self.talk(target, target_media, "target", seconds=12)
        parties = {"customer": customer_media, "agent": agent_media, "target": target_media}

        consulting = self.phase(parties)
        self.assert_pair(consulting, "agent", "target", True, "consulting")
        for who, whom in (("agent", "customer"), ("target", "customer"), ("customer", "agent"), ("customer", "target")):
            self.assert_hears(consulting, who, whom, False, "consulting")

        self.ok(ws1.command("k2", "call.three_way", {"call_id": call_id}))
        three_way = self.phase(parties)
        for who in parties:
            for whom in parties:
                if who != whom:
                    self.assert_hears(three_way, who, whom, True, "three-way")

        self.ok(ws1.command("k3", "call.consult_transfer", {"call_id": call_id}))
        self.assertIsNotNone(ws1.event("call.ended", 5, lambda d: d["call_id"] == call_id), "the agent stayed on")
        transferred = self.phase({"customer": customer_media, "target": target_media})
        self.assert_pair(transferred, "customer", "target", True, "transferred")
        self.assert_hears(transferred, "target", "agent", False, "transferred")

        ended = ws3.event("call.ended", 15, lambda d: d["call_id"] == consult["consult_call_id"])
        self.assertIsNotNone(ended, "the customer hanging up did not end 1003's call")
        self.assert_sipp_ok(customer, agent, target)
        events = [e["kind"] for e in server.call_detail(call_id)["events"]]
        for kind in ("consult", "consult_answered", "three_way", "transfer"):
            self.assertIn(kind, events)
        consultation = server.call_detail(consult["consult_call_id"])
        self.assertEqual((consultation["caller"], consultation["callee"]), ("1001", "1003"))

    def test_consulting_again_from_a_three_way_call_makes_a_conference_of_four(self):
        server, trunk_port = self.start()
        agent, agent_media = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        target, target_media = self.phone(server, "1003", "uas_answer.xml", pause_ms=300)
        fourth, fourth_media = self.phone(server, "1002", "uas_answer.xml", pause_ms=300)
        ws1, ws2 = self.socket(server, "1001"), self.socket(server, "1002")
        customer, customer_media, call_id = self.customer_on_the_line(server, trunk_port, ws1, pause_ms=16000)
        self.talk(customer, customer_media, "customer", seconds=16)
        self.talk(agent, agent_media, "agent", seconds=10)
        self.three_way_with_1003(ws1, call_id)
        self.talk(target, target_media, "target", seconds=15)

        second = self.ok(ws1.command("c3", "call.consult", {"call_id": call_id, "extension": "1002"}))
        offered = ws2.event("call.offered", 10)
        self.assertEqual(offered["data"]["consult"]["customer"], CUSTOMER_NUMBER, offered)
        talking = ws1.event("call.consult", 10, lambda d: d["state"] == "talking" and d["target"] == "1002")
        self.assertIsNotNone(talking, "1002 never answered")
        self.assertEqual(talking["data"]["conference"], ["1003"])
        self.talk(fourth, fourth_media, "fourth", seconds=12)
        parties = {"customer": customer_media, "agent": agent_media, "target": target_media, "fourth": fourth_media}
        aside = self.phase(parties)
        self.assert_pair(aside, "customer", "target", True, "consulting from the conference")
        self.assert_pair(aside, "agent", "fourth", True, "consulting from the conference")
        for one, other in (("customer", "agent"), ("customer", "fourth"), ("target", "agent"), ("target", "fourth")):
            self.assert_pair(aside, one, other, False, "consulting from the conference")

        self.ok(ws1.command("c4", "call.three_way", {"call_id": call_id}))
        four = self.phase(parties)
        for who in parties:
            for whom in parties:
                if who != whom:
                    self.assert_hears(four, who, whom, True, "a conference of four")

        agent_media.wait_sent(10)
        self.ok(ws1.command("c5", "call.consult_transfer", {"call_id": call_id}))
        self.assertIsNotNone(ws1.event("call.ended", 5, lambda d: d["call_id"] == call_id), "the agent stayed on")
        del parties["agent"]
        without_agent = self.phase(parties)
        for who in parties:
            for whom in parties:
                if who != whom:
                    self.assert_hears(without_agent, who, whom, True, "the conference without the agent")

        self.ok(ws2.command("c6", "call.hangup", {"call_id": second["consult_call_id"]}))
        self.assert_sipp_ok(fourth)
        two = self.phase({"customer": customer_media, "target": target_media})
        self.assert_pair(two, "customer", "target", True, "after 1002 left the conference")
        self.assert_sipp_ok(customer, agent, target)  # the customer hangs up: 1003 gets BYE
        events = [e["kind"] for e in server.call_detail(call_id)["events"]]
        self.assertEqual(events.count("three_way"), 2, events)

    def three_way_with_1003(self, ws1, call_id):
        self.ok(ws1.command("t1", "call.consult", {"call_id": call_id, "extension": "1003"}))
        self.assertIsNotNone(ws1.event("call.consult", 10, lambda d: d["state"] == "talking"), "1003 never answered")
        self.ok(ws1.command("t2", "call.three_way", {"call_id": call_id}))

    def test_a_consultation_from_the_conference_that_fails_or_is_cancelled_goes_back_to_it(self):
        server, trunk_port = self.start()
        agent, agent_media = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        target, target_media = self.phone(server, "1003", "uas_answer.xml", pause_ms=300)
        port2 = self.register(server, "1002")
        busy, _ = self.phone(server, "1002", "uas_busy.xml", register=False, port=port2)
        ws1 = self.socket(server, "1001")
        customer, customer_media, call_id = self.customer_on_the_line(server, trunk_port, ws1, pause_ms=12000)
        self.talk(customer, customer_media, "customer", seconds=12)
        self.talk(agent, agent_media, "agent", seconds=11)
        self.three_way_with_1003(ws1, call_id)
        self.talk(target, target_media, "target", seconds=10)
        parties = {"customer": customer_media, "agent": agent_media, "target": target_media}

        self.ok(ws1.command("c1", "call.consult", {"call_id": call_id, "extension": "1002"}))
        failed = ws1.event("call.consult", 10, lambda d: d["state"] == "failed")
        self.assertIsNotNone(failed, "a busy target did not fail the consultation")
        back = ws1.event("call.consult", 5, lambda d: d["state"] == "three_way")
        self.assertEqual((back["data"]["target"], back["data"]["conference"]), ("1003", []), back)
        self.assert_sipp_ok(busy)

        fourth, _ = self.phone(server, "1002", "uas_answer.xml", pause_ms=200, register=False, port=port2)
        self.ok(ws1.command("c2", "call.consult", {"call_id": call_id, "extension": "1002"}))
        self.assertIsNotNone(ws1.event("call.consult", 10, lambda d: d["state"] == "talking"), "1002 never answered")
        self.ok(ws1.command("c3", "call.consult_cancel", {"call_id": call_id}))
        self.assertIsNotNone(ws1.event("call.consult", 5, lambda d: d["state"] == "three_way"), "not back in three-way")
        self.assert_sipp_ok(fourth)  # hung up
        again = self.phase(parties)
        for who in parties:
            for whom in parties:
                if who != whom:
                    self.assert_hears(again, who, whom, True, "back in the three-way call")
        self.assert_sipp_ok(customer, agent, target)

    def test_an_agent_hanging_up_while_the_next_party_rings_leaves_the_conference_to_the_others(self):
        server, trunk_port = self.start()
        agent, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        target, target_media = self.phone(server, "1003", "uas_answer.xml", pause_ms=300)
        ringing, _ = self.phone(server, "1002", "uas_ring_noanswer.xml")
        ws1 = self.socket(server, "1001")
        customer, customer_media, call_id = self.customer_on_the_line(server, trunk_port, ws1, pause_ms=9000)
        self.talk(customer, customer_media, "customer", seconds=9)
        self.three_way_with_1003(ws1, call_id)
        self.talk(target, target_media, "target", seconds=7)
        self.ok(ws1.command("r1", "call.consult", {"call_id": call_id, "extension": "1002"}))
        self.assertIsNotNone(ringing.wait_logged("RURI", 5), "1002 was not rung")

        self.ok(ws1.command("r2", "call.hangup", {"call_id": call_id}))
        self.assertIsNotNone(ws1.event("call.ended", 5, lambda d: d["call_id"] == call_id), "the agent stayed on")
        self.assertIsNotNone(ringing.wait_logged("CANCEL_RECEIVED", 5), "1002 kept ringing")
        heard = self.phase({"customer": customer_media, "target": target_media})
        self.assert_pair(heard, "customer", "target", True, "the agent gone while 1002 rang")
        self.assert_sipp_ok(customer, agent, target, ringing)

    def test_cancel_returns_the_customer_and_a_busy_target_fails(self):
        server, trunk_port = self.start()
        agent, agent_media = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        target, _ = self.phone(server, "1003", "uas_answer.xml", pause_ms=300)
        busy, _ = self.phone(server, "1002", "uas_busy.xml")
        ws1 = self.socket(server, "1001")
        customer, customer_media, call_id = self.customer_on_the_line(server, trunk_port, ws1, pause_ms=9000)
        self.talk(customer, customer_media, "customer", seconds=8)

        self.ok(ws1.command("c1", "call.consult", {"call_id": call_id, "extension": "1003"}))
        self.assertIsNotNone(ws1.event("call.consult", 10, lambda d: d["state"] == "talking"))
        self.ok(ws1.command("c2", "call.consult_cancel", {"call_id": call_id}))
        over = ws1.event("call.consult", 5, lambda d: d["state"] == "ended")
        self.assertIsNotNone(over, "no end of the consultation")
        self.assertIsNotNone(ws1.event("call.retrieved", 5), "the customer was not retrieved")
        back = self.phase({"agent": agent_media})
        self.assert_hears(back, "agent", "customer", True, "after cancelling")

        self.ok(ws1.command("c3", "call.consult", {"call_id": call_id, "extension": "1002"}))
        failed = ws1.event("call.consult", 10, lambda d: d["state"] == "failed")
        self.assertIsNotNone(failed, "a busy target did not fail the consultation")
        self.assertIn("486", failed["data"]["cause"])
        refused = ws1.command("c4", "call.consult_transfer", {"call_id": call_id})
        self.assertEqual(refused["error"]["status"], 409, refused)
        self.assert_sipp_ok(customer, agent, target, busy)

    def test_hanging_up_while_consulting_transfers_and_ringing_targets_cannot_be_joined(self):
        server, trunk_port = self.start()
        agent, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        ringing, _ = self.phone(server, "1002", "uas_ring_noanswer.xml")
        target, target_media = self.phone(server, "1003", "uas_answer.xml", pause_ms=300)
        ws1 = self.socket(server, "1001")
        customer, customer_media, call_id = self.customer_on_the_line(server, trunk_port, ws1, pause_ms=9000)
        self.talk(customer, customer_media, "customer", seconds=8)

        self.ok(ws1.command("r1", "call.consult", {"call_id": call_id, "extension": "1002"}))
        self.assertIsNotNone(ringing.wait_logged("MEDIA", 10), "1002 was not rung")
        early = ws1.command("r2", "call.three_way", {"call_id": call_id})
        self.assertEqual(early["error"]["status"], 409, early)
        second = ws1.command("r3", "call.consult", {"call_id": call_id, "extension": "1003"})
        self.assertEqual(second["error"]["status"], 409, "one consultation at a time")
        self.ok(ws1.command("r4", "call.consult_cancel", {"call_id": call_id}))
        self.assertIsNotNone(ringing.wait_logged("CANCEL_RECEIVED", 5), "1002 kept ringing")

        self.ok(ws1.command("r5", "call.consult", {"call_id": call_id, "extension": "1003"}))
        self.assertIsNotNone(ws1.event("call.consult", 10, lambda d: d["state"] == "talking"))
        self.ok(ws1.command("r6", "call.hangup", {"call_id": call_id}))  # the agent hangs up
        self.assertIsNotNone(ws1.event("call.consult", 5, lambda d: d["state"] == "transferred"))
        heard = self.phase({"target": target_media})
        self.assert_hears(heard, "target", "customer", True, "after the agent hung up")
        self.assert_sipp_ok(customer, agent, ringing, target)
        wait_until(lambda: server.call_detail(call_id)["ended_at"], 5)
        self.assertIn("transfer", [e["kind"] for e in server.call_detail(call_id)["events"]])

    def test_consult_a_queue_then_three_way_then_transfer(self):
        server, trunk_port = self.start()
        agent, agent_media = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        target, target_media = self.phone(server, "1003", "uas_answer.xml", pause_ms=300)
        ws1, ws3 = self.socket(server, "1001"), self.socket(server, "1003")
        self.ok(ws3.command("q0", "agent.ready"))
        customer, customer_media, call_id = self.customer_on_the_line(server, trunk_port, ws1, pause_ms=14000)
        self.talk(customer, customer_media, "customer")
        self.talk(agent, agent_media, "agent")

        consult = self.ok(ws1.command("q1", "call.consult", {"call_id": call_id, "queue": "support",
                                                             "data": {"ticket": 42}}))
        offered = ws3.event("call.offered", 10)
        self.assertIsNotNone(offered, "the queue did not offer 1003 the consultation")
        self.assertEqual(offered["data"]["consult"]["customer"], CUSTOMER_NUMBER)
        self.assertEqual(offered["data"]["data"], {"ticket": 42})
        talking = ws1.event("call.consult", 10, lambda d: d["state"] == "talking")
        self.assertIsNotNone(talking, "the queue's agent never answered")
        self.assertEqual(talking["data"]["target"], "queue:support")
        self.talk(target, target_media, "target", seconds=12)
        parties = {"customer": customer_media, "agent": agent_media, "target": target_media}

        consulting = self.phase(parties)
        self.assert_pair(consulting, "agent", "target", True, "consulting the queue")
        self.assert_pair(consulting, "customer", "target", False, "consulting the queue")

        self.ok(ws1.command("q2", "call.three_way", {"call_id": call_id}))
        three_way = self.phase(parties)
        self.assert_pair(three_way, "customer", "target", True, "three-way")
        self.assert_hears(three_way, "agent", "customer", True, "three-way")

        self.ok(ws1.command("q3", "call.consult_transfer", {"call_id": call_id}))
        self.assertIsNotNone(ws1.event("call.ended", 5, lambda d: d["call_id"] == call_id), "the agent stayed on")
        transferred = self.phase({"customer": customer_media, "target": target_media})
        self.assert_pair(transferred, "customer", "target", True, "transferred")
        ended = ws3.event("call.ended", 15, lambda d: d["call_id"] == consult["consult_call_id"])
        self.assertIsNotNone(ended, "the customer hanging up did not end the queue agent's call")
        self.assert_sipp_ok(customer, agent, target)
        consultation = server.call_detail(consult["consult_call_id"])
        self.assertEqual((consultation["caller"], consultation["callee"]), ("1001", "support"))

    def test_consult_an_outside_number_cancel_then_transfer_it_blind(self):
        server, trunk_port = self.start()
        agent, agent_media = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        ws1 = self.socket(server, "1001")
        customer, customer_media, call_id = self.customer_on_the_line(server, trunk_port, ws1, pause_ms=16000)
        self.talk(customer, customer_media, "customer", seconds=15)

        far, far_media = self.outside()
        consult = self.ok(ws1.command("o1", "call.consult", {"call_id": call_id, "number": OUTSIDE_NUMBER}))
        self.assertEqual(consult["number"], OUTSIDE_NUMBER)
        self.assertIsNotNone(ws1.event("call.consult", 10, lambda d: d["state"] == "talking"),
                             "the outside number never answered")
        self.assertTrue(far.wait_logged("RURI", 5)[0].startswith("sip:0612340000@"), "the 9 was not stripped")
        self.talk(far, far_media, "outside", seconds=6)
        self.talk(agent, agent_media, "agent", seconds=3)
        parties = {"customer": customer_media, "agent": agent_media, "outside": far_media}
        consulting = self.phase(parties)
        self.assert_pair(consulting, "agent", "outside", True, "consulting outside")
        self.assert_pair(consulting, "customer", "outside", False, "consulting outside")

        self.ok(ws1.command("o2", "call.consult_cancel", {"call_id": call_id}))
        self.assertIsNotNone(far.wait_logged("BYE_RECEIVED", 5), "the far party stayed on")
        self.assertIsNotNone(ws1.event("call.retrieved", 5), "the customer was not retrieved")
        self.assert_sipp_ok(far)
        consultation = server.call_detail(consult["consult_call_id"])
        self.assertEqual((consultation["caller"], consultation["direction"]), ("1001", "outbound"))

        agent_media.wait_sent(10)  # a phone that hung up sends no more
        far, far_media = self.outside()
        self.ok(ws1.command("o3", "call.transfer", {"call_id": call_id, "number": OUTSIDE_NUMBER}))
        self.assertIsNotNone(ws1.event("call.ended", 5, lambda d: d["call_id"] == call_id), "the agent stayed on")
        self.assertIsNotNone(far.wait_logged("MEDIA", 10), "the outside number was not dialled")
        time.sleep(0.6)  # the far party answers after 300 ms
        self.talk(far, far_media, "outside", seconds=6)
        transferred = self.phase({"customer": customer_media, "outside": far_media})
        self.assert_pair(transferred, "customer", "outside", True, "transferred outside")
        self.assert_sipp_ok(customer, agent, far)
        events = [e["detail"] for e in server.call_detail(call_id)["events"] if e["kind"] == "transfer"]
        self.assertTrue(any("dial:" + OUTSIDE_NUMBER in e for e in events), events)

    def dialled_out(self, ws1, agent, far):
        """The agent's desktop dials the outside number; both phones answer: the call's id."""
        call_id = self.ok(ws1.command("p0", "call.dial", {"number": OUTSIDE_NUMBER}))["call_id"]
        self.assertIsNotNone(ws1.event("call.answered", 10), "the agent's phone did not answer")
        self.assertIsNotNone(far.wait_logged("MEDIA", 10), "the outside number was not dialled")
        wait_until(lambda: any(line == "ACKED" for line in far.log_lines()), 5)  # it answers after 200 ms
        return call_id

    def test_a_call_the_agent_placed_is_consulted_about_then_transferred(self):
        server, _ = self.start()
        agent, agent_media = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        target, target_media = self.phone(server, "1003", "uas_answer.xml", pause_ms=300)
        far, far_media = self.outside(pause_ms=200)
        ws1, ws3 = self.socket(server, "1001"), self.socket(server, "1003")
        call_id = self.dialled_out(ws1, agent, far)
        self.talk(far, far_media, "outside", seconds=12)

        consult = self.ok(ws1.command("p1", "call.consult", {"call_id": call_id, "extension": "1003"}))
        offered = ws3.event("call.offered", 10)
        self.assertEqual(offered["data"]["consult"]["customer"], OUTSIDE_NUMBER, offered)
        self.assertIsNotNone(ws1.event("call.consult", 10, lambda d: d["state"] == "talking"))
        self.talk(agent, agent_media, "agent", seconds=3)
        self.talk(target, target_media, "target", seconds=9)
        parties = {"outside": far_media, "agent": agent_media, "target": target_media}
        consulting = self.phase(parties)
        self.assert_pair(consulting, "agent", "target", True, "consulting about the agent's call")
        self.assert_pair(consulting, "outside", "target", False, "consulting about the agent's call")

        agent_media.wait_sent(10)
        self.ok(ws1.command("p2", "call.consult_transfer", {"call_id": call_id}))
        self.assertIsNotNone(ws1.event("call.ended", 5, lambda d: d["call_id"] == call_id), "the agent stayed on")
        transferred = self.phase({"outside": far_media, "target": target_media})
        self.assert_pair(transferred, "outside", "target", True, "the agent's call transferred")
        self.ok(ws3.command("p3", "call.hangup", {"call_id": consult["consult_call_id"]}))
        self.assertIsNotNone(far.wait_logged("BYE_RECEIVED", 5), "1003 hanging up did not end the call")
        self.assert_sipp_ok(agent, target, far)

    def test_a_call_the_agent_placed_is_transferred_blind_to_a_colleague(self):
        server, _ = self.start()
        agent, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        target, target_media = self.phone(server, "1003", "uas_answer.xml", pause_ms=600)
        far, far_media = self.outside(pause_ms=200)
        ws1, ws3 = self.socket(server, "1001"), self.socket(server, "1003")
        call_id = self.dialled_out(ws1, agent, far)
        self.talk(far, far_media, "outside", seconds=8)

        moved = self.ok(ws1.command("b1", "call.transfer", {"call_id": call_id, "extension": "1003",
                                                            "data": {"order": "A-17"}}))
        self.assertEqual(moved["to"], "extension:1003")
        transferred = ws1.event("call.transferred", 5)
        self.assertEqual(transferred["data"]["to"], "extension:1003")
        self.assertIsNotNone(ws1.event("call.ended", 5, lambda d: d["call_id"] == call_id), "the agent stayed on")
        offered = ws3.event("call.offered", 10)
        self.assertEqual(offered["data"]["data"], {"order": "A-17"})
        self.assertEqual((offered["data"]["caller"], offered["data"]["consult"]), (OUTSIDE_NUMBER, None), offered)
        self.assertIsNotNone(ws3.event("call.answered", 10))
        self.talk(target, target_media, "target", seconds=5)
        heard = self.phase({"outside": far_media, "target": target_media})
        self.assert_pair(heard, "outside", "target", True, "the agent's call transferred blind")
        parked = ws1.command("b2", "call.park", {"call_id": call_id})
        self.assertIn(parked["error"]["status"], (404, 409), parked)
        self.ok(ws3.command("b3", "call.hangup", {"call_id": offered["data"]["call_id"]}))
        self.assertIsNotNone(far.wait_logged("BYE_RECEIVED", 5), "1003 hanging up did not end the call")
        self.assert_sipp_ok(agent, target, far)
        self.assertIn("transfer", [e["kind"] for e in server.call_detail(call_id)["events"]])

    def test_a_number_that_goes_nowhere_or_is_a_feature_code_is_refused(self):
        server, trunk_port = self.start()
        agent, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        ws1 = self.socket(server, "1001")
        customer, customer_media, call_id = self.customer_on_the_line(server, trunk_port, ws1, pause_ms=4000)
        nowhere = ws1.command("n1", "call.consult", {"call_id": call_id, "number": "7777"})
        self.assertEqual((nowhere["error"]["status"], nowhere["error"]["field"]), (404, "number"), nowhere)
        code = ws1.command("n2", "call.transfer", {"call_id": call_id, "number": "*81002"})
        self.assertEqual((code["error"]["status"], code["error"]["field"]), (409, "number"), code)
        self.assert_sipp_ok(customer, agent)


if __name__ == "__main__":
    unittest.main()

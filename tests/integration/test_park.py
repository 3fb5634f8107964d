"""Call park and retrieve (PBX-5, 呼叫驻留, docs/cti.md and docs/sip-integration.md) with real peers.

A carrier brings in a call to 4100, which rings 1001; 1001 answers. 1001's desktop parks it with
call.park: slot 1; the customer hears music (what arrives at its RTP port is not silence), 1001's
phone gets BYE, and the lot (calls.parked, GET /api/v1/live/parked) shows it. 1002 dials *71 and
talks with the customer: each sends its own tone and each decodes the other's (Goertzel). Parked
again, 1003's desktop takes it with call.unpark: 1003's phone rings and, answered, talks with the
customer (a first try its phone refused left the call parked); an empty slot is 404 from a desktop
and 480 from a phone, and parking into a full lot (serve --park-slots 1) is 409 with nobody hung
up. Every change of the lot reaches the desktops as park.update. A call the agent's desktop
dialled is parked too: the dialled 1002 waits in the lot, shown by its number, through the
server's mix, and a colleague takes it to its phone. A call left
parked past the timeout (serve --park-timeout) rings back 1001, and ends when 1001 does not answer
either.
"""

import time
import unittest

from cti_client import CtiSocket
from harness import ServerTestCase, free_port, media_address, pcmu_audio, tone_db, wait_until

TRUNK = "carrier"
CALLER = "0612345678"
TONES = {"customer": 500, "phone": 1700}


class ParkTest(ServerTestCase):

    def start(self, park_timeout_s: int = 60, park_slots: int = 50):
        trunk_port = free_port(tcp=False)

        def setup(server):
            server.trunk_add(TRUNK, "127.0.0.1", trunk_port)
            server.number_add("4100", "1001")  # straight to 1001's phone
        server = self.start_server(setup, extra_args=("--park-timeout", str(park_timeout_s),
                                                      "--park-slots", str(park_slots)))
        return server, trunk_port

    def agent_socket(self, server, extension):
        entry = next(a for a in server.credentials["agents"] if a["extension"] == extension)
        ws = CtiSocket(server.http_port, server.login_as(entry["username"], entry["password"]))
        self.addCleanup(ws.close)
        self.assertIsNotNone(ws.event("hello"), "no hello")
        return ws, entry["username"]

    def ok(self, reply):
        self.assertTrue(reply.get("ok"), reply)
        return reply["result"]

    def parked_call(self, server, trunk_port, ws1, port=None):
        """The customer calls 4100, 1001 (registered from `port`, or now) answers and its desktop
        parks the call: (customer sipp, customer media, relay address, call id)."""
        phone, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=200, register=port is None,
                              port=port)
        customer, customer_media = self.call_from_trunk(server, trunk_port, "4100", CALLER,
                                                        scenario="uac_trunk_call_remote_bye.xml")
        offered = ws1.event("call.offered", 10)
        self.assertIsNotNone(offered, "no call.offered at 1001")
        call_id = offered["data"]["call_id"]
        self.assertIsNotNone(ws1.event("call.answered", 10), "1001 did not answer")
        relay = media_address(customer.wait_logged("MEDIA", 10))
        self.assertIsNotNone(relay)
        parked = self.ok(ws1.command("p1", "call.park", {"call_id": call_id}))
        self.assertEqual(parked, {"call_id": call_id, "slot": 1})
        event = ws1.event("call.parked", 5)
        self.assertIsNotNone(event, "no call.parked")
        self.assertEqual(event["data"]["slot"], 1)
        self.assertIsNotNone(ws1.event("call.ended", 5, lambda d: d["call_id"] == call_id), "no call.ended")
        self.assert_sipp_ok(phone)
        self.assertTrue(phone.logged("BYE_RECEIVED"), "1001's phone did not get BYE")
        return customer, customer_media, relay, call_id

    def assert_hears_music(self, media, relay):
        before = media.loud
        media.send_burst(relay, count=40, tone_hz=TONES["customer"])  # the customer talks while parked
        media.wait_sent()
        time.sleep(0.2)
        self.assertGreater(media.loud - before, 20, "the parked customer hears no music")

    def talk(self, customer_media, relay, phone_media, phone_peer):
        """Each side sends its tone; each must decode the other's from what reached it since."""
        since = {"customer": len(customer_media.packets), "phone": len(phone_media.packets)}
        customer_media.send_burst(relay, count=100, tone_hz=TONES["customer"])
        phone_media.send_burst(phone_peer, count=100, tone_hz=TONES["phone"])
        customer_media.wait_sent()
        phone_media.wait_sent()
        time.sleep(0.2)
        self.assertGreater(tone_db(pcmu_audio(customer_media.packets[since["customer"]:]), TONES["phone"]), 60,
                           "the customer does not hear the phone that took the call")
        self.assertGreater(tone_db(pcmu_audio(phone_media.packets[since["phone"]:]), TONES["customer"]), 60,
                           "the phone that took the call does not hear the customer")

    def events(self, server, call_id):
        return [(e["kind"], e["detail"]) for e in server.call_detail(call_id)["events"]]

    def test_a_desktop_parks_a_call_and_another_phone_takes_it_with_star7(self):
        server, trunk_port = self.start()
        ws1, agent1 = self.agent_socket(server, "1001")
        customer, customer_media, relay, call_id = self.parked_call(server, trunk_port, ws1)
        self.assert_hears_music(customer_media, relay)

        parked = ws1.event("park.update", 5, lambda d: d["call_id"] == call_id)
        self.assertIsNotNone(parked, "no park.update to the tenant's desktops")
        self.assertEqual((parked["data"]["state"], parked["data"]["slot"]), ("parked", 1))
        lot = self.ok(ws1.command("l1", "calls.parked"))["items"]
        self.assertEqual([(c["slot"], c["call_id"], c["caller"], c["parked_by"]) for c in lot],
                         [(1, call_id, CALLER, "1001")])
        self.assertGreater(lot[0]["ring_back_at"], lot[0]["parked_at"])
        live = server.api_get("/api/v1/live/parked")["items"]
        self.assertEqual([c["call_id"] for c in live], [call_id])

        taker, taker_media = self.dial(server, "1002", "*71", "uac_call_auth.xml", pause_ms=3500)
        taker_peer = media_address(taker.wait_logged("MEDIA", 10))
        self.assertIsNotNone(taker_peer, "*71 was not answered")
        self.talk(customer_media, relay, taker_media, taker_peer)
        left = ws1.event("park.update", 5, lambda d: d["state"] == "left")
        self.assertIsNotNone(left, "no park.update as the call left its slot")
        self.assertEqual(left["data"]["cause"], "taken by 1002")
        self.assert_sipp_ok(taker, customer)  # 1002 hangs up: the customer gets BYE too
        self.assertEqual(self.ok(ws1.command("l2", "calls.parked"))["items"], [])

        events = self.events(server, call_id)
        self.assertIn(("parked", f"slot 1 by 1001 ({agent1})"), events)
        self.assertIn(("unparked", "slot 1 by 1002"), events)
        record = self.cdr(server, customer)
        self.assertEqual(record["disposition"], "answered")
        self.assertEqual(self.cdr(server, taker)["disposition"], "answered")

    def test_a_desktop_takes_a_parked_call_to_its_phone_and_empty_slots_are_refused(self):
        server, trunk_port = self.start(park_slots=1)
        port1 = self.register(server, "1001")
        ws1, _ = self.agent_socket(server, "1001")
        ws3, agent3 = self.agent_socket(server, "1003")
        empty = ws3.command("u0", "call.unpark", {"slot": 1})
        self.assertEqual((empty["error"]["status"], empty["error"]["field"]), (404, "slot"), empty)
        nobody, _ = self.dial(server, "1002", "*71", "uac_expect_code.xml")
        self.assert_sipp_ok(nobody)
        self.assertEqual(nobody.logged("FINAL"), [["480"]])

        customer, customer_media, relay, call_id = self.parked_call(server, trunk_port, ws1, port1)
        self.assert_a_full_lot_leaves_the_call_as_it_was(server, ws1, port1)
        states = [ws3.event("park.update", 5, lambda d: d["call_id"] == call_id)]  # parked
        port = self.register(server, "1003")
        busy, _ = self.phone(server, "1003", "uas_busy.xml", register=False, port=port)
        self.ok(ws3.command("u1", "call.unpark", {"slot": 1}))
        states += [ws3.event("park.update", 5, lambda d: d["call_id"] == call_id) for _ in range(2)]
        self.assertNotIn(None, states)
        self.assertEqual([(e["data"]["state"], e["data"]["retrieving_by"]) for e in states],
                         [("parked", None), ("retrieving", "1003"), ("parked", None)],
                         "a retrieve 1003's phone refused did not leave the call parked")
        self.assert_sipp_ok(busy)
        lot = self.ok(ws3.command("l1", "calls.parked"))["items"]
        self.assertEqual([(c["slot"], c["retrieving_by"]) for c in lot], [(1, None)])

        third, third_media = self.phone(server, "1003", "uas_answer.xml", pause_ms=500, register=False,
                                        port=port)
        taken = self.ok(ws3.command("u2", "call.unpark", {"slot": 1}))
        self.assertEqual(taken, {"slot": 1, "call_id": call_id})
        offered = ws3.event("call.offered", 10, lambda d: d["call_id"] == call_id)
        self.assertIsNotNone(offered, "1003's phone was not rung")
        self.assertEqual(offered["data"]["caller"], CALLER)
        self.assertIsNotNone(ws3.event("call.answered", 10), "1003 did not answer")
        third_peer = media_address(third.wait_logged("MEDIA", 10))
        self.talk(customer_media, relay, third_media, third_peer)
        again = ws3.command("u3", "call.unpark", {"slot": 1})
        self.assertEqual(again["error"]["status"], 404, again)

        self.ok(ws3.command("h1", "call.hangup", {"call_id": call_id}))
        self.assert_sipp_ok(customer, third)
        self.assertIn(("unparked", f"slot 1 by 1003 ({agent3})"), self.events(server, call_id))

    def test_a_call_the_agent_placed_is_parked_and_taken_to_a_colleagues_phone(self):
        server, _ = self.start()
        ws1, agent1 = self.agent_socket(server, "1001")
        ws3, _ = self.agent_socket(server, "1003")
        phone, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        far, far_media = self.phone(server, "1002", "uas_answer.xml", pause_ms=200)
        call_id = self.ok(ws1.command("d1", "call.dial", {"number": "1002"}))["call_id"]
        relay = media_address(far.wait_logged("MEDIA", 10))
        self.assertIsNotNone(relay, "1002 was not dialled")
        wait_until(lambda: any(line == "ACKED" for line in far.log_lines()), 5)

        parked = self.ok(ws1.command("p1", "call.park", {"call_id": call_id}))
        self.assertEqual(parked, {"call_id": call_id, "slot": 1})
        self.assertIsNotNone(ws1.event("call.parked", 5, lambda d: d["call_id"] == call_id), "no call.parked")
        self.assertIsNotNone(ws1.event("call.ended", 5, lambda d: d["call_id"] == call_id), "no call.ended")
        self.assert_sipp_ok(phone)
        self.assert_hears_music(far_media, relay)
        lot = self.ok(ws1.command("l1", "calls.parked"))["items"]
        self.assertEqual([(c["slot"], c["caller"], c["parked_by"]) for c in lot], [(1, "1002", "1001")])
        onward = lot[0]["call_id"]  # the call that carries the dialled party on through the mix
        detail = f"slot 1 by 1001 ({agent1}) (call {onward})"
        self.assertIn(("parked", detail), self.events(server, call_id))

        third, third_media = self.phone(server, "1003", "uas_answer.xml", pause_ms=300)
        self.ok(ws3.command("u1", "call.unpark", {"slot": 1}))
        offered = ws3.event("call.offered", 10, lambda d: d["call_id"] == onward)
        self.assertIsNotNone(offered, "1003's phone was not rung")
        self.assertEqual(offered["data"]["caller"], "1002")
        self.assertIsNotNone(ws3.event("call.answered", 10), "1003 did not answer")
        self.talk(far_media, relay, third_media, media_address(third.wait_logged("MEDIA", 10)))
        self.ok(ws3.command("h1", "call.hangup", {"call_id": onward}))
        self.assertIsNotNone(far.wait_logged("BYE_RECEIVED", 5), "1003 hanging up did not end the call")
        self.assert_sipp_ok(far, third)

    def assert_a_full_lot_leaves_the_call_as_it_was(self, server, ws1, port1):
        """1002 calls 1001, which answers; parking it in a full lot is 409 and nobody is hung up."""
        phone, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=200, register=False, port=port1)
        caller, _ = self.dial(server, "1002", "1001", "uac_call_remote_bye.xml")
        offered = ws1.event("call.offered", 10, lambda d: d["caller"] == "1002")
        self.assertIsNotNone(offered, "1002's call did not ring 1001")
        call_id = offered["data"]["call_id"]
        self.assertIsNotNone(ws1.event("call.answered", 10, lambda d: d["call_id"] == call_id))
        full = ws1.command("f1", "call.park", {"call_id": call_id})
        self.assertEqual(full["error"]["status"], 409, full)
        self.assertIn("full", full["error"]["message"])
        time.sleep(0.3)
        self.assertFalse(phone.logged("BYE_RECEIVED") or caller.logged("BYE_RECEIVED"), "a party was hung up")
        self.ok(ws1.command("f2", "call.hangup", {"call_id": call_id}))
        self.assert_sipp_ok(phone, caller)
        self.assertNotIn("parked", [kind for kind, _ in self.events(server, call_id)])

    def test_a_call_left_parked_rings_back_who_parked_it_and_ends_unanswered(self):
        server, trunk_port = self.start(park_timeout_s=3)
        port = self.register(server, "1001")
        ws1, _ = self.agent_socket(server, "1001")
        first, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=200, register=False, port=port)
        customer, _ = self.call_from_trunk(server, trunk_port, "4100", CALLER,
                                           scenario="uac_trunk_call_remote_bye.xml")
        offered = ws1.event("call.offered", 10)
        self.assertIsNotNone(offered)
        call_id = offered["data"]["call_id"]
        self.assertIsNotNone(ws1.event("call.answered", 10))
        parked_at = time.monotonic()
        self.ok(ws1.command("p1", "call.park", {"call_id": call_id}))
        self.assert_sipp_ok(first)  # BYE'd, and gone from its port before the ring-back

        ringing, _ = self.phone(server, "1001", "uas_ring_noanswer.xml", register=False, port=port)
        back = ws1.event("call.offered", 10, lambda d: d["call_id"] == call_id)
        self.assertIsNotNone(back, "1001 was not rung back")
        self.assertGreaterEqual(time.monotonic() - parked_at, 2.5, "rung back before the park timeout")
        self.assert_sipp_ok(ringing, customer)  # unanswered: cancelled, and the customer hung up
        self.assertTrue(ringing.logged("CANCEL_RECEIVED"))
        record = self.cdr(server, customer)
        self.assertIn("did not answer the ring-back", record["hangup_cause"])
        self.assertEqual(record["hangup_side"], "system")
        unparked = [d for kind, d in self.events(server, call_id) if kind == "unparked"]
        self.assertEqual(len(unparked), 1, unparked)
        self.assertIn("ringing back 1001", unparked[0])


if __name__ == "__main__":
    unittest.main()

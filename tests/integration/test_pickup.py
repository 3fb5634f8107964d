"""Pickup of a ringing colleague (PBX-6) through SIP: *8 + the ringing extension.

1001 calls 1002, whose phone rings and is never answered; 1003 dials *81002 while it rings. 1002's
phone is cancelled, and 1001 and 1003 talk: each sends its own tone (500 and 1700 Hz) and each must
hear the other's. When 1001 hangs up, 1003 is hung up too. Both calls are answered in the records
and the picked-up call's timeline says who picked it up; *8 for an extension where nothing rings
gets 480. From the desktop, `call.pickup` rings the user's own phone first, then takes the call
(409 naming `extension` when nothing rings there).
"""

import unittest

from cti_client import CtiSocket
from harness import ServerTestCase, media_address, pcmu_audio, tone_db

TONES = {"1001": 500, "1003": 1700}


class PickupTest(ServerTestCase):

    def test_a_colleague_picks_up_a_ringing_call_and_the_two_talk(self):
        server = self.start_server()
        ringing_phone, _ = self.phone(server, "1002", "uas_ring_noanswer.xml")
        caller, caller_media = self.dial(server, "1001", "1002", "uac_call_auth.xml", pause_ms=4000)
        self.assertIsNotNone(ringing_phone.wait_logged("RURI", 10), "1002's phone did not ring")
        picker, picker_media = self.dial(server, "1003", "*81002", "uac_call_remote_bye.xml")
        media = {}
        for ext, sipp, endpoint in (("1001", caller, caller_media), ("1003", picker, picker_media)):
            peer = media_address(sipp.wait_logged("MEDIA", 10))
            self.assertIsNotNone(peer, f"{ext} was not answered")
            endpoint.send_burst(peer, count=120, tone_hz=TONES[ext])
            media[ext] = endpoint
        self.assert_sipp_ok(caller, picker, ringing_phone)
        self.assertTrue(ringing_phone.logged("CANCEL_RECEIVED"), "1002's phone was not cancelled")
        self.assertTrue(picker.logged("BYE_RECEIVED"), "1003 was not hung up with the caller")

        self.assertGreater(tone_db(pcmu_audio(media["1001"].packets), TONES["1003"]), 60, "1001 does not hear 1003")
        self.assertGreater(tone_db(pcmu_audio(media["1003"].packets), TONES["1001"]), 60, "1003 does not hear 1001")
        self.assertLess(tone_db(pcmu_audio(media["1001"].packets), TONES["1001"]), 40, "1001 hears itself")

        picked = self.cdr(server, caller)
        self.assertEqual(picked["disposition"], "answered")
        self.assertEqual(picked["hangup_side"], "caller")
        events = [(e["kind"], e["detail"]) for e in server.call_detail(picked["id"])["events"]]
        self.assertIn(("picked_up", "1002 by 1003"), events)
        self.assertEqual(self.cdr(server, picker)["disposition"], "answered")

    def test_the_desktop_picks_up_a_ringing_call_on_its_phone(self):
        server = self.start_server()
        picking_phone, picking_media = self.phone(server, "1003", "uas_answer.xml")
        ringing_phone, _ = self.phone(server, "1002", "uas_ring_noanswer.xml")
        entry = next(a for a in server.credentials["agents"] if a["extension"] == "1003")
        ws = CtiSocket(server.http_port, server.login_as(entry["username"], entry["password"]))
        self.addCleanup(ws.close)
        self.assertIsNotNone(ws.event("hello"))
        nothing = ws.command("p1", "call.pickup", {"extension": "1002"})
        self.assertEqual((nothing["error"]["status"], nothing["error"]["field"]), (409, "extension"), nothing)

        caller, caller_media = self.dial(server, "1001", "1002", "uac_call_auth.xml", pause_ms=3000)
        self.assertIsNotNone(ringing_phone.wait_logged("RURI", 10), "1002's phone did not ring")
        picked = ws.command("p2", "call.pickup", {"extension": "1002"})
        self.assertTrue(picked.get("ok"), picked)
        peer = media_address(caller.wait_logged("MEDIA", 10))
        caller_media.send_burst(peer, count=100, tone_hz=TONES["1001"])
        self.assert_sipp_ok(caller, picking_phone, ringing_phone)
        self.assertGreater(tone_db(pcmu_audio(picking_media.packets), TONES["1001"]), 60, "1003's phone does not hear 1001")
        events = [(e["kind"], e["detail"]) for e in server.call_detail(self.cdr(server, caller)["id"])["events"]]
        self.assertIn(("picked_up", "1002 by 1003"), events)

    def test_nothing_to_pick_up_is_480(self):
        server = self.start_server()
        picker, _ = self.dial(server, "1003", "*81002", "uac_expect_code.xml")
        self.assert_sipp_ok(picker)
        self.assertEqual(picker.logged("FINAL"), [["480"]])


if __name__ == "__main__":
    unittest.main()

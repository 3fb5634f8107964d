"""Meet-me conference rooms (PBX-9) through SIP: three extensions dial the demo room 8000.

The server answers each caller itself (its own SDP), beeps, and seats it in the room's mix. Each
phone sends its own tone (500, 1100, 1700 Hz); what each phone receives is decoded: it must carry
the other two tones and not its own. The calls are answered by the server, recorded, and end
normally when the callers hang up. A caller's UPDATE and re-INVITE are answered by the server
itself (no phone is behind a room), and the call goes on.
"""

import unittest

from harness import ServerTestCase, media_address, pcmu_audio, tone_db

TONES = {"1001": 500, "1002": 1100, "1003": 1700}


class ConferenceTest(ServerTestCase):

    def test_each_of_three_callers_hears_the_other_two_and_not_itself(self):
        server = self.start_server()
        callers = {ext: self.dial(server, ext, "8000", "uac_call_auth.xml", pause_ms=5000)
                   for ext in TONES}
        for ext, (sipp, media) in callers.items():
            peer = media_address(sipp.wait_logged("MEDIA", 15))
            self.assertIsNotNone(peer, f"{ext} got no SDP answer from the server")
            media.send_burst(peer, count=150, tone_hz=TONES[ext])
        for sipp, media in callers.values():
            media.wait_sent(10)
        for sipp, _ in callers.values():
            self.assert_sipp_ok(sipp)

        for ext, (sipp, media) in callers.items():
            audio = pcmu_audio(media.packets)
            self.assertGreater(len(audio), 8000 * 2, f"{ext} heard less than 2 s from the room")
            steady = audio[len(audio) // 3: 2 * len(audio) // 3]  # all three talking by then
            for other, hz in TONES.items():
                level = tone_db(steady, hz)
                if other == ext:
                    self.assertLess(level, 40, f"{ext} hears its own {hz} Hz ({level:.1f} dB)")
                else:
                    self.assertGreater(level, 60, f"{ext} does not hear {other}'s {hz} Hz ({level:.1f} dB)")

        records = [self.cdr(server, sipp) for sipp, _ in callers.values()]
        for record in records:
            self.assertEqual(record["disposition"], "answered")
            self.assertEqual(record["callee"], "8000")
            self.assertEqual(record["hangup_side"], "caller")

    def test_a_caller_in_a_room_gets_its_update_and_reinvite_answered_by_the_server(self):
        """Nobody else's phone is behind a service call: the server answers an UPDATE and a
        re-INVITE itself (a session refresh, a new address) with its own SDP, and the call goes on."""
        server = self.start_server()
        caller, caller_media = self.dial(server, "1001", "8000", "uac_call_reinvite.xml", pause_ms=1500)
        relay = media_address(caller.wait_logged("MEDIA", 15))
        self.assertIsNotNone(relay)
        caller_media.send_burst(relay, count=60)
        self.assert_sipp_ok(caller)
        self.assertEqual(media_address(caller.logged("HELD")[0]), relay)
        self.assertEqual(media_address(caller.logged("RESUMED")[0]), relay)
        record = self.cdr(server, caller)
        self.assertEqual((record["disposition"], record["hangup_side"]), ("answered", "caller"))


if __name__ == "__main__":
    unittest.main()

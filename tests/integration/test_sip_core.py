"""Hotline's SIP core, end to end: real `hotline serve`, sipp phones and carriers, python RTP.

Every test starts its own server (init --demo, ring timeout 3 s) on free ports. Phones register
with digest auth from the port they then answer on; callers authenticate their INVITE after a
407. RTP is played from python sockets both ways through the server's relay, and the call record
is read back from /api/v1/calls by the caller's SIP Call-ID.
"""

import math
import struct
import time
import unittest
import wave

from harness import (LOCALHOST, RING_TIMEOUT_S, ULAW_TO_LINEAR, ServerTestCase, first_message_time, free_port,
                     goertzel_power, media_address)

TRUNK = "carrier"
CARRIER_CALLER = "0612345678"


class SipCoreTest(ServerTestCase):

    # ----------------------------------------------------------------------------- helpers
    def talk(self, caller, caller_media, callee, callee_media):
        """Once answered: the media is anchored on the server and RTP flows both ways."""
        caller_peer = media_address(caller.wait_logged("MEDIA", 15))
        callee_peer = media_address(callee.wait_logged("MEDIA", 15))
        self.assertIsNotNone(caller_peer, "the caller got no SDP answer")
        self.assertIsNotNone(callee_peer, "the callee got no SDP offer")
        self.assertNotEqual(caller_peer, (LOCALHOST, callee_media.port),
                            "the caller was sent the callee's own media address: not anchored")
        self.assertNotEqual(callee_peer, (LOCALHOST, caller_media.port),
                            "the callee was sent the caller's own media address: not anchored")
        self.assert_rtp_both_ways(caller_media, caller_peer, callee_media, callee_peer)
        self.assertNotIn((LOCALHOST, caller_media.port), callee_media.sources,
                         "RTP reached the callee straight from the caller")

    def assert_final(self, caller, code):
        self.assert_sipp_ok(caller)
        self.assertEqual(caller.logged("FINAL"), [[code]], f"{caller.name}: expected {code}")

    def assert_answered_record(self, record, talk_ms, direction):
        self.assertEqual(record["direction"], direction)
        self.assertEqual(record["disposition"], "answered")
        self.assertLessEqual(record["started_at"], record["answered_at"])
        self.assertLessEqual(record["answered_at"], record["ended_at"])
        self.assertAlmostEqual(record["talk_ms"], talk_ms, delta=1000)
        self.assertAlmostEqual(record["talk_ms"], record["ended_at"] - record["answered_at"],
                               delta=50)
        self.assertAlmostEqual(record["duration_ms"], record["ended_at"] - record["started_at"],
                               delta=50)

    def trunk_setup(self, trunk_port, numbers=(), routes=()):
        def setup(server):
            server.trunk_add(TRUNK, LOCALHOST, trunk_port)
            for pattern, target in numbers:
                server.number_add(pattern, target)
            for pattern, strip in routes:
                server.route_add(pattern, TRUNK, strip)
        return setup

    def carrier(self, server, scenario, trunk_port, did, pause_ms=None):
        return self.call_from_trunk(server, trunk_port, did, CARRIER_CALLER, scenario, pause_ms)

    # ------------------------------------------------------------------------ registration
    def test_register_ok(self):
        server = self.start_server()
        port = self.register(server, "1001")
        items = server.api_get("/api/v1/registrations")["items"]
        mine = [r for r in items if str(r["extension"]) == "1001"]
        self.assertEqual(len(mine), 1, f"registrations: {items!r}")
        self.assertIn(f"{LOCALHOST}:{port}", mine[0]["contact"])
        self.assertGreater(mine[0]["expires_at"], time.time() * 1000)

    def test_register_wrong_password_never_succeeds(self):
        server = self.start_server()
        phone = self.sipp("register_wrong_password.xml", remote=server.sip_address,
                          keys={"ext": "1001"}, user="1001", password="wrong-password")
        phone.run()
        self.assert_sipp_ok(phone)  # a 200 would be an unexpected message: rc 1
        self.assertIn(phone.logged("FINAL"), ([["401"]], [["403"]]))
        items = server.api_get("/api/v1/registrations")["items"]
        self.assertFalse([r for r in items if str(r["extension"]) == "1001"], items)

    def test_options_answered(self):
        server = self.start_server()
        probe = self.sipp("options.xml", remote=server.sip_address, timeout_s=10)
        probe.run()
        self.assert_sipp_ok(probe)

    # ---------------------------------------------------------------------- internal calls
    def test_internal_call_answered_with_rtp_and_cdr(self):
        server = self.start_server()
        callee, callee_media = self.phone(server, "1002", "uas_answer.xml", pause_ms=300)
        caller, caller_media = self.dial(server, "1001", "1002", "uac_call_auth.xml",
                                         pause_ms=2500)
        self.talk(caller, caller_media, callee, callee_media)
        self.assert_sipp_ok(caller, callee)
        self.assertNotEqual(self.call_id(caller), self.call_id(callee),
                            "a B2BUA gives the callee a dialog of its own")

        record = self.cdr(server, caller)
        self.assert_answered_record(record, 2500, "internal")
        self.assertEqual(str(record["caller"]), "1001")
        self.assertEqual(str(record["callee"]), "1002")
        self.assertEqual(record["hangup_side"], "caller")
        self.assertAlmostEqual(record["ring_ms"], 300, delta=1000)
        legs = server.call_detail(record["id"])["legs"]
        self.assertEqual(len(legs), 2, legs)
        self.assertIn(self.call_id(callee), [leg["sip_call_id"] for leg in legs])

    def test_hold_plays_music_to_the_held_party_and_resume_stops_it(self):
        """The caller holds with UPDATE a=sendonly and resumes with a re-INVITE a=sendrecv: the
        server answers both itself (recvonly, then sendrecv, its relay address unchanged), the
        callee's phone sees no re-INVITE and hears music on hold (non-silent PCMU) meanwhile."""
        server = self.start_server()
        callee, callee_media = self.phone(server, "1002", "uas_answer.xml")
        caller, caller_media = self.dial(server, "1001", "1002", "uac_call_hold_resume.xml",
                                         pause_ms=1500)
        caller_relay = media_address(caller.wait_logged("MEDIA", 15))
        self.assertIsNotNone(caller.wait_logged("HELD", 10), "the hold was not answered")
        time.sleep(1.0)
        held_loud = callee_media.loud
        self.assertGreaterEqual(held_loud, 25, f"the held callee got {held_loud} packets of music "
                                               f"in ~1 s ({callee_media.received} packets in all)")
        self.assertIsNotNone(caller.wait_logged("RESUMED", 10), "the resume was not answered")
        time.sleep(0.3)
        after_resume = callee_media.loud
        caller_media.send_burst(caller_relay, 25)  # µ-law silence from the caller
        caller_media.wait_sent()
        time.sleep(0.2)
        self.assertLessEqual(callee_media.loud - after_resume, 2, "music went on after the resume")
        self.assert_sipp_ok(caller, callee)
        self.assertEqual(media_address(caller.logged("HELD")[0]), caller_relay)
        self.assertEqual(media_address(caller.logged("RESUMED")[0]), caller_relay)
        received = callee.messages()
        self.assertNotIn("\nUPDATE sip:", received, "the hold reached the callee's phone")
        self.assertEqual(received.count("\nINVITE sip:"), 1, "the resume reached the callee's phone")
        record = self.cdr(server, caller)
        self.assert_answered_record(record, 3500, "internal")
        timeline = [(e["kind"], e["party"]) for e in server.call_detail(record["id"])["events"]]
        self.assertEqual(timeline, [("hold", "caller"), ("resume", "caller")])

    def test_the_held_party_hears_the_tenants_music_class(self):
        """A tenant set to the music class "jazz" (a folder under DATA/moh holding a 700 Hz WAV at
        16 kHz) puts its held calls on that music, not the built-in default."""
        def jazz(server):
            folder = server.data / "moh" / "jazz"
            folder.mkdir(parents=True)
            with wave.open(str(folder / "tone.wav"), "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(16000)
                w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 700 * n / 16000)))
                                       for n in range(16000 * 2)))
            server._cli("tenant", "set", "--data", str(server.data), "--music-class", "jazz")
        server = self.start_server(jazz)
        callee, callee_media = self.phone(server, "1002", "uas_answer.xml")
        caller, _ = self.dial(server, "1001", "1002", "uac_call_hold_resume.xml", pause_ms=1500)
        self.assertIsNotNone(caller.wait_logged("HELD", 10), "the hold was not answered")
        first = len(callee_media.packets)
        time.sleep(1.0)
        music = [ULAW_TO_LINEAR[b] for pt, _, payload in callee_media.packets[first:] if pt == 0 for b in payload]
        self.assertGreater(len(music), 8000 // 2, "no music reached the held callee")
        self.assertGreater(goertzel_power(music, 700), 0.5 * sum(x * x for x in music) / len(music),
                           "the held callee does not hear the tenant's 700 Hz music")
        self.assert_sipp_ok(caller, callee)

    def test_update_and_reinvite_other_than_hold_are_passed_through_the_relay(self):
        """An UPDATE and a re-INVITE that do not hold reach the other phone, their SDP pointed at
        the relay, and the answers come back pointed at the relay too."""
        server = self.start_server()
        callee, callee_media = self.phone(server, "1002", "uas_answer_reinvite.xml")
        caller, caller_media = self.dial(server, "1001", "1002", "uac_call_reinvite.xml",
                                         pause_ms=1000)
        self.talk(caller, caller_media, callee, callee_media)
        self.assert_sipp_ok(caller, callee)
        for phone in (caller, callee):
            relay = media_address(phone.logged("MEDIA")[0])
            self.assertEqual(media_address(phone.logged("HELD")[0]), relay)
            self.assertEqual(media_address(phone.logged("RESUMED")[0]), relay)
        self.assert_answered_record(self.cdr(server, caller), 1000, "internal")

    def test_keys_pressed_are_reported_with_their_source(self):
        """The caller presses 1 and 2 as RFC 4733 telephone-events, the callee 3 and 4 as
        in-band tones: the call's timeline has each digit once, from the right party and source."""
        server = self.start_server()
        callee, callee_media = self.phone(server, "1002", "uas_answer.xml")
        caller, caller_media = self.dial(server, "1001", "1002", "uac_call_auth.xml",
                                         pause_ms=3000)
        caller_relay = media_address(caller.wait_logged("MEDIA", 15))
        callee_relay = media_address(callee.wait_logged("MEDIA", 15))
        caller_media.send_dtmf(caller_relay, "12", inband=False)
        caller_media.wait_sent()
        callee_media.send_dtmf(callee_relay, "34", inband=True)
        callee_media.wait_sent()
        self.assert_sipp_ok(caller, callee)
        record = self.cdr(server, caller)
        events = [e for e in server.call_detail(record["id"])["events"] if e["kind"] == "dtmf"]
        self.assertEqual([(e["party"], e["detail"], e["source"]) for e in events],
                         [("caller", "1", "rfc4733"), ("caller", "2", "rfc4733"),
                          ("callee", "3", "inband"), ("callee", "4", "inband")], events)
        for e in events:
            self.assertAlmostEqual(e["duration_ms"], 100, delta=40, msg=e)

    def test_key_pressed_with_sip_info_is_reported(self):
        server = self.start_server()
        callee, _ = self.phone(server, "1002", "uas_answer.xml")
        caller, _ = self.dial(server, "1001", "1002", "uac_call_info_dtmf.xml", pause_ms=500)
        self.assert_sipp_ok(caller, callee)
        events = server.call_detail(self.cdr(server, caller)["id"])["events"]
        self.assertEqual([(e["kind"], e["party"], e["detail"], e["source"], e["duration_ms"])
                          for e in events], [("dtmf", "caller", "7", "sip_info", 160)])

    def test_phone_behind_nat_is_reached_at_its_source_address(self):
        server = self.start_server()
        port = free_port(tcp=False)
        register = self.sipp("register_nat.xml", name="01-register-nat-1002",
                             remote=server.sip_address, port=port, keys={"ext": "1002"},
                             user="1002", password=server.password("1002"), timeout_s=10)
        register.run()
        self.assert_sipp_ok(register)
        items = server.api_get("/api/v1/registrations")["items"]
        mine = [r for r in items if str(r["extension"]) == "1002"]
        self.assertEqual(len(mine), 1, items)
        self.assertIn("127.0.0.2:5999", mine[0]["contact"])
        self.assertEqual(mine[0]["source"], f"udp:{LOCALHOST}:{port}")

        callee, callee_media = self.phone(server, "1002", "uas_answer.xml", register=False,
                                          port=port)
        caller, caller_media = self.dial(server, "1001", "1002", "uac_call_auth.xml",
                                         pause_ms=1000)
        self.talk(caller, caller_media, callee, callee_media)
        self.assert_sipp_ok(caller, callee)
        self.assert_answered_record(self.cdr(server, caller), 1000, "internal")

    def test_call_over_tcp(self):
        """The caller's INVITE, its digest retry, ACK and BYE all travel over TCP."""
        server = self.start_server()
        callee, callee_media = self.phone(server, "1002", "uas_answer.xml")
        caller, caller_media = self.dial(server, "1001", "1002", "uac_call_auth.xml",
                                         pause_ms=1000, transport="t1")
        self.talk(caller, caller_media, callee, callee_media)
        self.assert_sipp_ok(caller, callee)
        self.assertIn("SIP/2.0/TCP", caller.messages())
        self.assert_answered_record(self.cdr(server, caller), 1000, "internal")

    def test_leg_quality_counts_what_each_phone_sent_and_lost(self):
        server = self.start_server()
        callee, callee_media = self.phone(server, "1002", "uas_answer.xml")
        caller, caller_media = self.dial(server, "1001", "1002", "uac_call_auth.xml",
                                         pause_ms=2500)
        caller_relay = media_address(caller.wait_logged("MEDIA", 15))
        callee_relay = media_address(callee.wait_logged("MEDIA", 15))
        caller_media.send_burst(caller_relay, 50, lose_every=10)  # seq 9, 19, ... never sent
        callee_media.send_burst(callee_relay, 50)
        caller_media.wait_sent()
        callee_media.wait_sent()
        self.assert_sipp_ok(caller, callee)
        legs = {leg["role"]: leg for leg in server.call_detail(self.cdr(server, caller)["id"])["legs"]}
        # RFC 3550 A.1 counts from the packet that ends the new source's probation (the second),
        # and a loss after the highest sequence seen (seq 49) is not known yet.
        self.assertEqual((legs["caller"]["rtp_received"], legs["caller"]["rtp_lost"]), (44, 4),
                         legs["caller"])
        self.assertEqual((legs["callee"]["rtp_received"], legs["callee"]["rtp_lost"]), (49, 0),
                         legs["callee"])
        for leg in legs.values():
            self.assertLess(leg["jitter_ms"], 20, leg)

    def test_leg_keeps_what_its_rtcp_reported_about_the_audio_it_heard(self):
        server = self.start_server()
        callee, callee_media = self.phone(server, "1002", "uas_answer.xml")
        caller, caller_media = self.dial(server, "1001", "1002", "uac_call_auth.xml",
                                         pause_ms=2500)
        caller_relay = media_address(caller.wait_logged("MEDIA", 15))
        callee_relay = media_address(callee.wait_logged("MEDIA", 15))
        caller_rtcp_relay = (caller_relay[0], caller_relay[1] + 1)
        callee_rtcp_relay = (callee_relay[0], callee_relay[1] + 1)
        caller_media.send_burst(caller_relay, 60)
        callee_media.send_burst(callee_relay, 60)
        caller_rtcp, callee_rtcp = self.rtcp_endpoint(), self.rtcp_endpoint()
        # The caller's SR, relayed, reaches the callee's RTCP socket once the server has latched
        # onto it (an RR without blocks); until then it goes to the port after the callee's SDP's.
        sr = None
        for _ in range(10):
            callee_rtcp.send_receiver_report(callee_rtcp_relay, callee_media.ssrc)
            time.sleep(0.02)
            caller_rtcp.send_sender_report(caller_rtcp_relay, caller_media.ssrc)
            sr = callee_rtcp.receive_sender_report(0.1)
            if sr:
                break
        self.assertIsNotNone(sr, "the caller's SR was not relayed to the callee")
        self.assertEqual(sr[0], caller_media.ssrc)
        arrived = time.monotonic()
        time.sleep(0.05)
        # The callee reports on the caller's stream: 25% lost, 7 in all, 10 ms of jitter, and
        # answers the SR (DLSR 1 ms short, so that rounding cannot make the round trip negative).
        delay = max(0.0, time.monotonic() - arrived - 0.001)
        callee_rtcp.send_receiver_report(callee_rtcp_relay, callee_media.ssrc, about=caller_media.ssrc,
                                         fraction_lost=64, cumulative_lost=7, jitter=80,
                                         last_sr=sr[1], delay_since_last_sr=int(delay * 65536))
        caller_media.wait_sent()
        callee_media.wait_sent()
        self.assert_sipp_ok(caller, callee)
        legs = {leg["role"]: leg for leg in server.call_detail(self.cdr(server, caller)["id"])["legs"]}
        callee_leg = legs["callee"]
        self.assertEqual((callee_leg["remote_fraction_lost"], callee_leg["remote_lost"],
                          callee_leg["remote_jitter_ms"]), (0.25, 7, 10.0), callee_leg)
        self.assertIsNotNone(callee_leg["round_trip_ms"], callee_leg)
        self.assertGreater(callee_leg["round_trip_ms"], 0, callee_leg)
        self.assertLess(callee_leg["round_trip_ms"], 200, callee_leg)
        caller_leg = legs["caller"]
        for column in ("remote_fraction_lost", "remote_lost", "remote_jitter_ms", "round_trip_ms"):
            self.assertIsNone(caller_leg[column], f"the caller reported nothing: {caller_leg}")

    def test_callee_hangs_up_first(self):
        server = self.start_server()
        callee, callee_media = self.phone(server, "1002", "uas_answer_hangup.xml",
                                          pause_ms=1500)
        caller, caller_media = self.dial(server, "1001", "1002", "uac_call_remote_bye.xml")
        self.talk(caller, caller_media, callee, callee_media)
        self.assert_sipp_ok(caller, callee)
        record = self.cdr(server, caller)
        self.assert_answered_record(record, 1500, "internal")
        self.assertEqual(record["hangup_side"], "callee")

    def test_silent_call_is_hung_up_after_the_media_timeout(self):
        server = self.start_server(extra_args=("--media-timeout", "1"))
        callee, _ = self.phone(server, "1002", "uas_answer.xml")
        caller, _ = self.dial(server, "1001", "1002", "uac_call_remote_bye.xml")
        self.assert_sipp_ok(caller, callee)  # neither sends RTP: the server hangs up on both
        self.assertTrue(callee.logged("BYE_RECEIVED"), "the callee got no BYE")
        record = self.cdr(server, caller)
        self.assertEqual(record["disposition"], "answered")
        self.assertEqual(record["hangup_side"], "system")
        self.assertIn("media timeout", record["hangup_cause"])
        self.assertAlmostEqual(record["talk_ms"], 1000, delta=400)
        events = [e["kind"] for e in server.call_detail(record["id"])["events"]]
        self.assertIn("media_timeout", events)

    def test_busy(self):
        server = self.start_server()
        callee, _ = self.phone(server, "1002", "uas_busy.xml")
        caller, _ = self.dial(server, "1001", "1002", "uac_expect_code.xml")
        self.assert_final(caller, "486")
        self.assert_sipp_ok(callee)
        self.assertEqual(self.cdr(server, caller)["disposition"], "busy")

    def test_no_answer_times_out(self):
        server = self.start_server()
        callee, _ = self.phone(server, "1002", "uas_ring_noanswer.xml")
        started = time.monotonic()
        caller, _ = self.dial(server, "1001", "1002", "uac_expect_code.xml")
        self.assert_final(caller, "480")
        elapsed = time.monotonic() - started
        self.assertGreater(elapsed, RING_TIMEOUT_S - 0.5)
        self.assertLess(elapsed, RING_TIMEOUT_S + 3)
        self.assert_sipp_ok(callee)
        self.assertTrue(callee.logged("CANCEL_RECEIVED"), "the ringing phone was not cancelled")
        record = self.cdr(server, caller)
        self.assertEqual(record["disposition"], "no_answer")
        self.assertIsNone(record["answered_at"])

    def test_unregistered_extension_unavailable(self):
        server = self.start_server()
        caller, _ = self.dial(server, "1001", "1003", "uac_expect_code.xml")
        self.assert_final(caller, "480")
        self.assertEqual(self.cdr(server, caller)["disposition"], "unavailable")

    def test_unknown_number_not_found(self):
        server = self.start_server()
        caller, _ = self.dial(server, "1001", "5999", "uac_expect_code.xml")
        self.assert_final(caller, "404")

    def test_decline(self):
        server = self.start_server()
        callee, _ = self.phone(server, "1002", "uas_decline.xml", pause_ms=300)
        caller, _ = self.dial(server, "1001", "1002", "uac_expect_code.xml")
        self.assert_final(caller, "603")
        self.assert_sipp_ok(callee)
        self.assertEqual(self.cdr(server, caller)["disposition"], "rejected")

    def test_cancel_before_answer(self):
        server = self.start_server()
        callee, _ = self.phone(server, "1002", "uas_ring_noanswer.xml")
        caller, _ = self.dial(server, "1001", "1002", "uac_cancel.xml", pause_ms=1000)
        self.assert_final(caller, "487")
        self.assert_sipp_ok(callee)
        self.assertTrue(callee.logged("CANCEL_RECEIVED"))
        record = self.cdr(server, caller)
        self.assertEqual(record["disposition"], "cancelled")
        self.assertEqual(record["hangup_side"], "caller")

    def test_hotline_rings_all_first_answer_wins(self):
        server = self.start_server()
        winner, winner_media = self.phone(server, "1002", "uas_answer.xml", pause_ms=800)
        loser, _ = self.phone(server, "1003", "uas_ring_noanswer.xml")
        caller, caller_media = self.dial(server, "1001", "4000", "uac_call_auth.xml",
                                         pause_ms=2500)
        self.talk(caller, caller_media, winner, winner_media)
        self.assert_sipp_ok(caller, winner, loser)
        self.assertTrue(loser.logged("CANCEL_RECEIVED"), "1003 was not cancelled")
        rang_1002 = first_message_time(winner, "received", "INVITE ")
        rang_1003 = first_message_time(loser, "received", "INVITE ")
        self.assertLess(abs(rang_1002 - rang_1003), 0.5, "1002 and 1003 did not ring at once")
        record = self.cdr(server, caller)
        self.assert_answered_record(record, 2500, "internal")

    # ------------------------------------------------------------------------------ trunks
    def test_trunk_inbound_to_did(self):
        trunk_port = free_port(tcp=False)
        server = self.start_server(self.trunk_setup(trunk_port, numbers=[("0105550XXX", "1001")]))
        callee, callee_media = self.phone(server, "1001", "uas_answer.xml", pause_ms=300)
        carrier, carrier_media = self.carrier(server, "uac_trunk_call.xml", trunk_port,
                                              "0105550123", pause_ms=2500)
        self.talk(carrier, carrier_media, callee, callee_media)
        self.assert_sipp_ok(carrier, callee)
        record = self.cdr(server, carrier)
        self.assert_answered_record(record, 2500, "inbound")
        self.assertIn(CARRIER_CALLER, str(record["caller"]))
        self.assertIn(str(record["callee"]), ("1001", "0105550123"))

    def test_trunk_inbound_callee_hangs_up(self):
        trunk_port = free_port(tcp=False)
        server = self.start_server(self.trunk_setup(trunk_port, numbers=[("0105550XXX", "1001")]))
        callee, callee_media = self.phone(server, "1001", "uas_answer_hangup.xml", pause_ms=1500)
        carrier, carrier_media = self.carrier(server, "uac_trunk_call_remote_bye.xml",
                                              trunk_port, "0105550124")
        self.talk(carrier, carrier_media, callee, callee_media)
        self.assert_sipp_ok(carrier, callee)
        record = self.cdr(server, carrier)
        self.assertEqual(record["direction"], "inbound")
        self.assertEqual(record["hangup_side"], "callee")

    def test_trunk_inbound_cancelled(self):
        trunk_port = free_port(tcp=False)
        server = self.start_server(self.trunk_setup(trunk_port, numbers=[("0105550XXX", "1001")]))
        callee, _ = self.phone(server, "1001", "uas_ring_noanswer.xml")
        carrier, _ = self.carrier(server, "uac_trunk_cancel.xml", trunk_port, "0105550125",
                                  pause_ms=1000)
        self.assert_final(carrier, "487")
        self.assert_sipp_ok(callee)
        self.assertEqual(self.cdr(server, carrier)["disposition"], "cancelled")

    def test_trunk_inbound_unknown_did_not_found(self):
        trunk_port = free_port(tcp=False)
        server = self.start_server(self.trunk_setup(trunk_port, numbers=[("0105550XXX", "1001")]))
        carrier, _ = self.carrier(server, "uac_trunk_expect_code.xml", trunk_port, "0209999999")
        self.assert_final(carrier, "404")

    def test_outbound_through_trunk_strips_prefix(self):
        trunk_port = free_port(tcp=False)
        server = self.start_server(self.trunk_setup(trunk_port, routes=[("9.", 1)]))
        trunk_media = self.endpoint()
        trunk = self.sipp("uas_trunk_answer.xml", name=f"{len(self.sipps) + 1:02d}-trunk",
                          port=trunk_port, pause_ms=300,
                          keys={"ext": "carrier", "rtp_port": trunk_media.port}).start()
        caller, caller_media = self.dial(server, "1001", "90105550199", "uac_call_auth.xml",
                                         pause_ms=2500)
        self.talk(caller, caller_media, trunk, trunk_media)
        self.assert_sipp_ok(caller, trunk)
        ruri = trunk.logged("RURI")[0][0]
        self.assertTrue(ruri.startswith("sip:0105550199@"), f"trunk got Request-URI {ruri}")
        record = self.cdr(server, caller)
        self.assert_answered_record(record, 2500, "outbound")
        self.assertEqual(str(record["caller"]), "1001")
        self.assertIn(str(record["callee"]), ("0105550199", "90105550199"))

    def test_outbound_trunk_digest_challenge_is_answered(self):
        trunk_port = free_port(tcp=False)

        def setup(server):
            server.trunk_add(TRUNK, LOCALHOST, trunk_port, "hotline-out", "trunk-secret-1")
            server.route_add("9.", TRUNK, 1)
        server = self.start_server(setup)
        trunk_media = self.endpoint()
        trunk = self.sipp("uas_trunk_auth_answer.xml", name=f"{len(self.sipps) + 1:02d}-trunk",
                          port=trunk_port, pause_ms=200,
                          keys={"ext": "carrier", "rtp_port": trunk_media.port,
                                "trunk_user": "hotline-out", "trunk_pass": "trunk-secret-1"}).start()
        caller, caller_media = self.dial(server, "1001", "90105550199", "uac_call_auth.xml",
                                         pause_ms=1000)
        self.talk(caller, caller_media, trunk, trunk_media)
        self.assert_sipp_ok(caller, trunk)
        self.assertEqual(trunk.logged("AUTH"), [["true"]], "the carrier's digest check failed")
        self.assert_answered_record(self.cdr(server, caller), 1000, "outbound")


if __name__ == "__main__":
    unittest.main()

"""Every answered call is recorded (REC-1): the WAV that the server wrote is decoded and checked.

A 1001 → 1002 call in which the caller sends a 440 Hz tone and the callee a 1 kHz tone as PCMU.
The recording must be 8 kHz 16-bit stereo, as long as the call's talk time (±100 ms), with the
customer (the caller) on the left channel and the agent on the right, each carrying its own tone.
The same call between two G.722 phones keeps G.722 in both SDPs, is relayed byte for byte and is
recorded at 8 kHz just the same. A recording cut short by kill -9 is repaired at the next start
and stays playable. A recording paused through the REST API for about a second (a customer
reading out a card number) has exact silence there, the tones before and after, paused_ms on its
row, and the pause on the timeline.
"""

import re
import struct
import time
import unittest
import wave

from harness import ServerTestCase, goertzel_power, media_address, sip_messages, tone_payloads

G722 = 9
# The test scenarios' SDP (PCMU, PCMA, telephone-event) as a G.722 phone offers and answers it.
G722_FIRST = {"RTP/AVP 0 8 101": "RTP/AVP 9 0 8 101",
              "a=rtpmap:0 PCMU/8000": "a=rtpmap:9 G722/8000\n      a=rtpmap:0 PCMU/8000"}


FRAME = 160  # samples per 20 ms tick: the recorder writes whole frames, paused ones as zeros


def read_wav(path):
    with wave.open(str(path), "rb") as w:
        params = (w.getnchannels(), w.getsampwidth(), w.getframerate())
        frames = w.readframes(w.getnframes())
    samples = struct.unpack(f"<{len(frames) // 2}h", frames)
    return params, samples[0::2], samples[1::2]


def longest_silence(left, right, first, last):
    """(first frame, frames) of the longest run of all-zero frames in both channels within
    frames first..last."""
    best_start, best_length, start, length = first, 0, first, 0
    for i in range(first, last + 1):
        frame = slice(i * FRAME, (i + 1) * FRAME)
        if any(left[frame]) or any(right[frame]):
            length = 0
            continue
        if length == 0:
            start = i
        length += 1
        if length > best_length:
            best_start, best_length = start, length
    return best_start, best_length


class RecordingTest(ServerTestCase):

    def talk_with_tones(self, caller, caller_media, callee, callee_media, packets,
                        caller_payloads=None, callee_payloads=None, payload_type=0):
        """The caller sends 440 Hz, the callee 1 kHz: PCMU made here, or the payloads given."""
        caller_peer = media_address(caller.wait_logged("MEDIA", 15))
        callee_peer = media_address(callee.wait_logged("MEDIA", 15))
        self.assertIsNotNone(caller_peer)
        self.assertIsNotNone(callee_peer)
        caller_media.send_burst(caller_peer, packets, tone_hz=440, payloads=caller_payloads,
                                payload_type=payload_type)
        callee_media.send_burst(callee_peer, packets, tone_hz=1000, payloads=callee_payloads,
                                payload_type=payload_type)
        caller_media.wait_sent(packets * 0.02 + 5)
        callee_media.wait_sent(packets * 0.02 + 5)

    def assert_recorded_in_stereo(self, server, record):
        """The call's recording: as long as its talk time, the caller's 440 Hz on the left (the
        customer) and the callee's 1 kHz on the right (the agent), neither leaking into the other."""
        recording = self.wait_recording_done(server, record["id"])
        self.assertEqual(recording["status"], "complete", recording)
        self.assertEqual(recording["channels"], 2)

        (channels, width, rate), left, right = read_wav(server.data / recording["path"])
        self.assertEqual((channels, width, rate), (2, 2, 8000))
        duration_ms = len(left) * 1000 / 8000
        self.assertAlmostEqual(duration_ms, record["talk_ms"], delta=100,
                               msg=f"recording {duration_ms} ms, talk time {record['talk_ms']} ms")
        self.assertAlmostEqual(recording["duration_ms"], duration_ms, delta=20)

        # The tones are in the file where they were sent: 2 s of each, somewhere in the call.
        def powers(samples, hz):
            blocks = [samples[i:i + 800] for i in range(0, len(samples) - 800, 800)]
            return max(goertzel_power(b, hz) for b in blocks)
        self.assertGreater(powers(left, 440), 1e6, "no 440 Hz from the caller on the left")
        self.assertGreater(powers(right, 1000), 1e6, "no 1 kHz from the callee on the right")
        self.assertLess(powers(left, 1000), powers(left, 440) / 100, "the callee leaked into the left")
        self.assertLess(powers(right, 440), powers(right, 1000) / 100, "the caller leaked into the right")

    def recording_of(self, server, call_id):
        detail = server.call_detail(call_id)
        self.assertEqual(len(detail["recordings"]), 1, detail)
        return detail["recordings"][0]

    def wait_recording_done(self, server, call_id, timeout_s=5.0):
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            recording = self.recording_of(server, call_id)
            if recording["status"] != "recording":
                return recording
            time.sleep(0.1)
        self.fail(f"recording of call {call_id} never finished: {recording!r}")

    def test_answered_call_is_recorded_in_stereo_customer_left(self):
        server = self.start_server()
        callee, callee_media = self.phone(server, "1002", "uas_answer.xml")
        caller, caller_media = self.dial(server, "1001", "1002", "uac_call_auth.xml",
                                         pause_ms=3000)
        self.talk_with_tones(caller, caller_media, callee, callee_media, packets=100)
        self.assert_sipp_ok(caller, callee)
        call_id_sip = caller.logged("CALLID")[0][0]
        record = server.wait_for_cdr(lambda c: c.get("sip_call_id") == call_id_sip, 3.0)
        self.assertIsNotNone(record)
        self.assert_recorded_in_stereo(server, record)

    def assert_offers_g722_first(self, message, who):
        self.assertRegex(message, r"m=audio \d+ RTP/AVP 9 0 8 101\r?\n", f"{who}: G.722 not first")
        self.assertIn("a=rtpmap:9 G722/8000", message, f"{who}: no G722 rtpmap")

    def test_g722_call_is_relayed_untouched_and_recorded_at_8khz(self):
        packets = 100
        caller_payloads = tone_payloads("G722", 440, packets)
        callee_payloads = tone_payloads("G722", 1000, packets)
        if caller_payloads is None or callee_payloads is None:
            self.skipTest("no hotline_tone_payloads to encode G.722 (set HOTLINE_TONE_PAYLOADS)")
        self.assertEqual({len(p) for p in caller_payloads + callee_payloads}, {160})
        server = self.start_server()
        callee, callee_media = self.phone(server, "1002",
                                          self.scenario_variant("uas_answer.xml", G722_FIRST))
        caller, caller_media = self.dial(server, "1001", "1002",
                                         self.scenario_variant("uac_call_auth.xml", G722_FIRST),
                                         pause_ms=3000)
        self.talk_with_tones(caller, caller_media, callee, callee_media, packets,
                             caller_payloads, callee_payloads, payload_type=G722)
        self.assert_sipp_ok(caller, callee)

        # The server's offer to the callee and its answer to the caller both keep G.722 first.
        offer = [m for d, m in sip_messages(callee.messages())
                 if d == "received" and m.startswith("INVITE ")][-1]
        answer = [m for d, m in sip_messages(caller.messages())
                  if d == "received" and m.startswith("SIP/2.0 200") and "m=audio" in m][-1]
        self.assert_offers_g722_first(offer, "offer to the callee")
        self.assert_offers_g722_first(answer, "answer to the caller")

        # Each phone got the other's G.722 packets, payloads byte for byte as sent (no transcoding).
        for media, sent, who in ((callee_media, caller_payloads, "callee"),
                                 (caller_media, callee_payloads, "caller")):
            received = [(seq, payload) for pt, seq, payload in media.packets if pt == G722]
            self.assertGreaterEqual(len(received), packets * 9 // 10,
                                    f"the {who} got {len(received)} of {packets} G.722 packets")
            self.assertEqual({pt for pt, _, _ in media.packets}, {G722}, f"the {who} got other codecs")
            for seq, payload in received:
                self.assertEqual(payload, sent[seq], f"the {who}'s packet {seq} was altered")

        call_id_sip = caller.logged("CALLID")[0][0]
        record = server.wait_for_cdr(lambda c: c.get("sip_call_id") == call_id_sip, 3.0)
        self.assertIsNotNone(record)
        self.assert_recorded_in_stereo(server, record)

    def test_paused_interval_is_silent_and_on_the_timeline(self):
        server = self.start_server()
        callee, callee_media = self.phone(server, "1002", "uas_answer.xml")
        caller, caller_media = self.dial(server, "1001", "1002", "uac_call_auth.xml",
                                         pause_ms=6000)
        caller_peer = media_address(caller.wait_logged("MEDIA", 15))  # logged on the 200: answered
        callee_peer = media_address(callee.wait_logged("MEDIA", 15))
        self.assertIsNotNone(caller_peer)
        self.assertIsNotNone(callee_peer)
        call_id_sip = caller.logged("CALLID")[0][0]
        live = server.wait_for_cdr(lambda c: c.get("sip_call_id") == call_id_sip, 3.0,
                                   finished=False)
        self.assertIsNotNone(live, "the call in progress is not listed")
        call_id = live["id"]

        # 4.5 s of tone each way; the recording is paused from 1.5 s to 2.5 s into it.
        packets = 225
        caller_media.send_burst(caller_peer, packets, tone_hz=440)
        callee_media.send_burst(callee_peer, packets, tone_hz=1000)
        time.sleep(1.5)
        status, paused = server.api_post(f"/api/v1/calls/{call_id}/recording/pause")
        self.assertEqual(status, 200, paused)
        self.assertEqual((paused["call_id"], paused["paused"]), (call_id, True), paused)
        time.sleep(1.0)
        status, resumed = server.api_post(f"/api/v1/calls/{call_id}/recording/resume")
        self.assertEqual(status, 200, resumed)
        self.assertFalse(resumed["paused"], resumed)
        self.assertEqual(resumed["recording_id"], paused["recording_id"])
        self.assertAlmostEqual(resumed["paused_ms"], 1000, delta=150, msg=resumed)
        caller_media.wait_sent(packets * 0.02 + 5)
        callee_media.wait_sent(packets * 0.02 + 5)
        self.assert_sipp_ok(caller, callee)

        recording = self.wait_recording_done(server, call_id)
        self.assertEqual(recording["status"], "complete", recording)
        self.assertEqual(recording["id"], paused["recording_id"])
        self.assertAlmostEqual(recording["paused_ms"], 1000, delta=150, msg=recording)

        # The file: tone, then a run of exact silence as long as the pause, then tone again.
        _, left, right = read_wav(server.data / recording["path"])

        def energy(samples, i):
            return sum(x * x for x in samples[i * FRAME:(i + 1) * FRAME]) / FRAME

        frames = len(left) // FRAME
        toned = [i for i in range(frames) if energy(left, i) > 1e5 or energy(right, i) > 1e5]
        self.assertTrue(toned, "no tone in the recording")
        first, last = toned[0], toned[-1]
        run_start, run_length = longest_silence(left, right, first, last)
        silent_ms = run_length * FRAME * 1000 / 8000
        self.assertAlmostEqual(silent_ms, 1000, delta=150,
                               msg=f"the longest silence amid the tones is {silent_ms} ms")
        self.assertAlmostEqual(silent_ms, recording["paused_ms"], delta=60)
        before = range(run_start - 25, run_start - 5)  # 400 ms, clear of the edge frame
        after = range(run_start + run_length + 5, run_start + run_length + 25)
        self.assertGreaterEqual(before.start, first, "the pause began before the tones")
        self.assertLessEqual(after.stop - 1, last, "the pause ended after the tones")
        for label, window in (("before", before), ("after", after)):
            left_part = left[window.start * FRAME:window.stop * FRAME]
            right_part = right[window.start * FRAME:window.stop * FRAME]
            self.assertGreater(goertzel_power(left_part, 440), 1e6, f"no 440 Hz on the left {label}")
            self.assertGreater(goertzel_power(right_part, 1000), 1e6, f"no 1 kHz on the right {label}")

        # The timeline: who paused and resumed, and when.
        events = [e for e in server.call_detail(call_id)["events"]
                  if e["kind"].startswith("recording_")]
        admin = server.credentials["admin"]["username"]
        self.assertEqual([(e["kind"], e["party"], e["detail"], e["source"]) for e in events],
                         [("recording_paused", "user", admin, "api"),
                          ("recording_resumed", "user", admin, "api")], events)
        self.assertAlmostEqual(events[1]["at"] - events[0]["at"], 1000, delta=150)

        # The call has ended: nothing to pause any more; an unknown call is not found.
        status, body = server.api_post(f"/api/v1/calls/{call_id}/recording/pause")
        self.assertEqual(status, 409, body)
        self.assertEqual(body["error"]["code"], "conflict")
        status, body = server.api_post("/api/v1/calls/no-such-call/recording/resume")
        self.assertEqual(status, 404, body)

    def test_recording_cut_by_a_crash_is_repaired_at_restart(self):
        server = self.start_server()
        callee, callee_media = self.phone(server, "1002", "uas_answer.xml", timeout_s=30)
        caller, caller_media = self.dial(server, "1001", "1002", "uac_call_auth.xml",
                                         pause_ms=20000, timeout_s=30)
        self.talk_with_tones(caller, caller_media, callee, callee_media, packets=75)
        time.sleep(0.5)  # the writer flushes every 200 ms
        call_id_sip = caller.logged("CALLID")[0][0]
        live = [c for c in server.calls() if c.get("sip_call_id") == call_id_sip]
        self.assertEqual(len(live), 1)
        path = server.data / self.recording_of(server, live[0]["id"])["path"]
        server.kill9()
        caller.kill()
        callee.kill()

        server.start()
        recording = self.recording_of(server, live[0]["id"])
        self.assertEqual(recording["status"], "recovered", recording)
        (channels, _, rate), left, _ = read_wav(path)
        self.assertEqual((channels, rate), (2, 8000))
        self.assertGreaterEqual(len(left), 8000 * 1.2, "less than the 1.5 s of tone sent survived")
        self.assertAlmostEqual(recording["duration_ms"], len(left) * 1000 / 8000, delta=20)


if __name__ == "__main__":
    unittest.main()

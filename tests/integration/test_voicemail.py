"""Voicemail on real calls (IVR-7): callers reach a box and leave a message after the tone;
agents find it through the REST API, play its WAV and mark it heard.

- Out of hours, a flow's condition sends the caller to its voicemail node: the caller hears the
  box's greeting, then the beep (1 kHz, found by Goertzel), sends a 1 kHz tone for 3 s and presses
  # (RFC 4733); the server hangs up. The message is in the box (new count 1) with a length of
  3 s ± 0.3 and a WAV that holds the tone; marked heard, the box has no new message.
- A call to an extension with a box that rings and is not answered (ring timeout) lands in the
  box after the default greeting; one to an extension with no phone registered lands there at
  once. A caller who says nothing leaves no message (screened out as silent).
- A queue whose callers wait too long overflows to a box.
- A message cut by kill -9 is not lost: after the restart it is in its box, as long as the caller
  had spoken (the file repaired, the message screened).
"""

import datetime
import io
import json
import math
import time
import unittest
import wave

from harness import ULAW_TO_LINEAR, ServerTestCase, goertzel_power, media_address, wait_until

BEEP_HZ = 1000
MESSAGE_TONE_HZ = 1000


def closed_now_flow():
    """A flow that is open only half an hour twelve hours from now (UTC+8): closed now."""
    hour = (datetime.datetime.utcnow().hour + 8 + 12) % 24
    return {
        "name": "after hours",
        "start": "hours",
        "nodes": {
            "hours": {
                "type": "condition",
                "branches": [{"time": [{"from": f"{hour:02d}:00", "to": f"{hour:02d}:30"}], "next": "open"}],
                "default": "closed",
            },
            "open": {"type": "hangup", "cause": "open"},
            "closed": {"type": "voicemail", "box": "sales", "on_failure": "bye"},
            "bye": {"type": "hangup", "cause": "no_box"},
        },
    }


def is_beep(payload: bytes) -> bool:
    """A 20 ms PCMU packet that is a pure 1 kHz tone (the beep), not speech or music."""
    samples = [ULAW_TO_LINEAR[b] for b in payload]
    mean_square = sum(x * x for x in samples) / len(samples)
    return mean_square > 500 ** 2 and goertzel_power(samples, BEEP_HZ) > 0.7 * mean_square


class VoicemailTest(ServerTestCase):

    def wait_for_beep(self, media, timeout_s=40.0):
        """Waits until the caller has heard the beep (1 kHz, 200 ms: ten packets) to its end and
        returns how many packets it had received before it (the greeting)."""
        def beep_start():
            run = 0
            for index, (pt, _, payload) in enumerate(list(media.packets)):
                run = run + 1 if pt == 0 and is_beep(payload) else 0
                if run == 8:  # the first and last frames may be ramped: eight clear ones are enough
                    return index - 7 or 1
            return None
        first = wait_until(beep_start, timeout_s, interval_s=0.01)
        self.assertIsNotNone(first, f"no beep among the {media.received} packets the caller heard")
        wait_until(lambda: len(media.packets) >= first + 10, 0.5, interval_s=0.005)
        return first

    def leave_message(self, media, peer, seconds, tone_hz=MESSAGE_TONE_HZ):
        """After the beep: `seconds` of a tone (or silence with tone_hz None), then #."""
        greeting_packets = self.wait_for_beep(media)
        media.send_burst(peer, count=int(seconds * 50), tone_hz=tone_hz)
        media.wait_sent(seconds + 5)
        media.send_dtmf(peer, "#", inband=False)
        media.wait_sent()
        return greeting_packets

    def box(self, server, name, timeout_s=5.0, new=None):
        """The box as the API lists it, once it has `new` new messages when asked."""
        def find():
            for box in server.api_get("/api/v1/voicemail/boxes")["items"]:
                if box["name"] == name and (new is None or box["new_messages"] == new):
                    return box
            return None
        found = wait_until(find, timeout_s, interval_s=0.1)
        self.assertIsNotNone(found, f"box {name} (new={new}): {server.api_get('/api/v1/voicemail/boxes')}")
        return found

    def assert_tone_wav(self, server, message, seconds):
        status, content_type, body = server.api_bytes(message["audio_url"])
        self.assertEqual(status, 200)
        self.assertEqual(content_type, "audio/wav")
        with wave.open(io.BytesIO(body)) as wav:
            self.assertEqual((wav.getnchannels(), wav.getframerate(), wav.getsampwidth()), (1, 8000, 2))
            frames = wav.readframes(wav.getnframes())
        samples = [int.from_bytes(frames[i:i + 2], "little", signed=True) for i in range(0, len(frames), 2)]
        self.assertAlmostEqual(len(samples) / 8000, seconds, delta=0.3)
        middle = samples[len(samples) // 2 - 4000:len(samples) // 2 + 4000]  # one second of it
        tone_db = 10 * math.log10(goertzel_power(middle, MESSAGE_TONE_HZ) + 1e-9)
        other_db = 10 * math.log10(goertzel_power(middle, 450) + 1e-9)
        self.assertGreater(tone_db, 60, "the message does not hold the caller's tone")
        self.assertGreater(tone_db, other_db + 30)

    def test_out_of_hours_a_flow_sends_the_caller_to_a_box_and_the_message_reaches_the_api(self):
        def setup(server):
            server._cli("voicemail", "add", "--data", str(server.data), "--box", "sales",
                        "--greeting", "Sorry, we are closed. Please leave a message.", "--language", "en")
            path = server.workdir / "hours.json"
            path.write_text(json.dumps(closed_now_flow()))
            server._cli("flow", "publish", "--data", str(server.data), "--name", "hours", "--file", str(path))
            server.number_add("4200", "flow:hours")
        server = self.start_server(setup)
        caller, media = self.dial(server, "1001", "4200", "uac_call_remote_bye.xml", timeout_s=40)
        peer = media_address(caller.wait_logged("MEDIA", 15))
        self.assertIsNotNone(peer, "the server did not answer the caller")
        greeting_packets = self.leave_message(media, peer, 3.0)
        self.assertGreater(greeting_packets, 25, "the greeting was not heard before the beep")
        self.assert_sipp_ok(caller)  # the server hung up after #

        record = self.cdr(server, caller)
        self.assertEqual(record["hangup_cause"], "voicemail: message ended with #")
        self.assertEqual(self.ivr_trail(server, record["id"])["end"], "voicemail")
        self.assertEqual(self.ivr_trail(server, record["id"])["path"], ["hours", "closed"])

        box = self.box(server, "sales", new=1)
        self.assertEqual(box["total_messages"], 1)
        messages = server.api_get(f"/api/v1/voicemail/boxes/{box['id']}/messages")["items"]
        self.assertEqual(len(messages), 1)
        message = messages[0]
        self.assertEqual(message["caller"], "1001")
        self.assertEqual(message["call_id"], record["id"])
        self.assertEqual(message["status"], "new")
        self.assertAlmostEqual(message["duration_ms"] / 1000, 3.0, delta=0.3)
        self.assert_tone_wav(server, message, message["duration_ms"] / 1000)
        recordings = server.call_detail(record["id"])["recordings"]
        self.assertIn(message["recording_id"], [r["id"] for r in recordings])

        status, heard = server.api("PATCH", f"/api/v1/voicemail/messages/{message['id']}", {"heard": True})
        self.assertEqual(status, 200, heard)
        self.assertEqual(heard["status"], "heard")
        box = self.box(server, "sales")
        self.assertEqual((box["new_messages"], box["total_messages"]), (0, 1))

    def test_a_direct_call_nobody_answers_lands_in_the_extensions_box(self):
        def setup(server):
            server._cli("voicemail", "add", "--data", str(server.data), "--box", "1002", "--extension", "1002")
        server = self.start_server(setup)
        callee, _ = self.phone(server, "1002", "uas_ring_noanswer.xml", timeout_s=60)
        caller, media = self.dial(server, "1001", "1002", "uac_call_remote_bye.xml", timeout_s=60)
        peer = media_address(caller.wait_logged("MEDIA", 15))  # answered by the server after the ring timeout
        self.assertIsNotNone(peer)
        self.leave_message(media, peer, 2.0)
        self.assert_sipp_ok(caller, callee)  # 1002 rang and was cancelled

        record = self.cdr(server, caller)
        detail = server.call_detail(record["id"])
        rung = [leg for leg in detail["legs"] if leg["endpoint"] == "1002"]
        self.assertEqual(rung[0]["disposition"], "no_answer", detail["legs"])
        self.assertTrue(any(e["kind"] == "diverted" and "voicemail:1002" in e["detail"] for e in detail["events"]),
                        detail["events"])
        box = self.box(server, "1002", new=1)
        message = server.api_get(f"/api/v1/voicemail/boxes/{box['id']}/messages")["items"][0]
        self.assertEqual(message["caller"], "1001")
        self.assertAlmostEqual(message["duration_ms"] / 1000, 2.0, delta=0.3)

    def test_an_unregistered_extension_goes_to_its_box_at_once_and_silence_leaves_no_message(self):
        def setup(server):
            server._cli("voicemail", "add", "--data", str(server.data), "--box", "1003", "--extension", "1003",
                        "--greeting", "Leave a message.", "--language", "en")
        server = self.start_server(setup)
        started = time.monotonic()
        caller, media = self.dial(server, "1001", "1003", "uac_call_remote_bye.xml", timeout_s=40)
        peer = media_address(caller.wait_logged("MEDIA", 15))
        self.assertIsNotNone(peer)
        self.assertLess(time.monotonic() - started, 2.5, "answered without waiting for the ring timeout")
        self.leave_message(media, peer, 2.0, tone_hz=None)  # silence
        self.assert_sipp_ok(caller)

        def screened():
            return server.db_rows("SELECT status, discard_reason FROM voicemail_messages WHERE status != 'recording'")
        rows = wait_until(screened, 5)
        self.assertTrue(rows, "the silent message was never screened")
        self.assertEqual((rows[0]["status"], rows[0]["discard_reason"]), ("discarded", "silent"))
        box = self.box(server, "1003")
        self.assertEqual((box["new_messages"], box["total_messages"]), (0, 0))

    def test_a_queue_whose_callers_wait_too_long_overflows_to_a_box(self):
        def setup(server):
            server._cli("voicemail", "add", "--data", str(server.data), "--box", "sales",
                        "--greeting", "All agents are busy. Please leave a message.", "--language", "en")
            server._cli("queue", "add", "--data", str(server.data), "--name", "support", "--members", "1002",
                        "--max-wait", "2", "--overflow", "voicemail:sales")
            server.number_add("4300", "queue:support")
        server = self.start_server(setup)
        caller, media = self.dial(server, "1001", "4300", "uac_call_remote_bye.xml", timeout_s=40)
        peer = media_address(caller.wait_logged("MEDIA", 15))
        self.assertIsNotNone(peer)
        self.leave_message(media, peer, 2.0)
        self.assert_sipp_ok(caller)
        box = self.box(server, "sales", new=1)
        message = server.api_get(f"/api/v1/voicemail/boxes/{box['id']}/messages")["items"][0]
        self.assertEqual(message["caller"], "1001")
        self.assertAlmostEqual(message["duration_ms"] / 1000, 2.0, delta=0.3)

    def test_a_message_cut_by_a_crash_is_in_its_box_after_the_restart(self):
        def setup(server):
            server._cli("voicemail", "add", "--data", str(server.data), "--box", "sales",
                        "--greeting", "Leave a message.", "--language", "en")
            server.number_add("4400", "voicemail:sales")
        server = self.start_server(setup)
        caller, media = self.dial(server, "1001", "4400", "uac_call_remote_bye.xml", timeout_s=60)
        peer = media_address(caller.wait_logged("MEDIA", 15))
        self.assertIsNotNone(peer)
        self.wait_for_beep(media)
        media.send_burst(peer, count=150, tone_hz=MESSAGE_TONE_HZ)  # 3 s, and no #: the crash comes first
        media.wait_sent(10)
        time.sleep(0.5)  # past the recorder's 200 ms flush
        server.killed_on_purpose = True
        server.kill9()
        caller.kill()
        rows = server.db_rows("SELECT status FROM voicemail_messages")
        self.assertEqual([r["status"] for r in rows], ["recording"], "the message row was not written at the beep")

        server.start()
        box = self.box(server, "sales", new=1)
        message = server.api_get(f"/api/v1/voicemail/boxes/{box['id']}/messages")["items"][0]
        self.assertAlmostEqual(message["duration_ms"] / 1000, 3.5, delta=0.5)
        status, _, body = server.api_bytes(message["audio_url"])
        self.assertEqual(status, 200)
        with wave.open(io.BytesIO(body)) as wav:
            self.assertGreater(wav.getnframes(), 8000 * 2.5, "the repaired file lost the tone")


if __name__ == "__main__":
    unittest.main()

"""Prompts, music on hold and database backups through the REST API on a running server.

A 700 Hz WAV uploaded as a prompt (44.1 kHz stereo, over the 1 MiB limit of other bodies) is
accepted by a flow published through the API, and is what the caller hears. A held caller hears
a WAV uploaded into the tenant's music class while it is on hold, without a restart. A backup made
over REST while a call is up holds what was written before it; the server refuses to be restored
under while it runs; once stopped, `hotline restore` brings the backup back, keeping the replaced
database, and the restarted server serves the data from before the backup only.
"""

import io
import math
import struct
import subprocess
import time
import unittest
import urllib.error
import urllib.request
import wave

from harness import (LOCALHOST, ServerTestCase, free_port, goertzel_power, hotline_binary, pcmu_audio, tone_db,
                     wait_until)

TRUNK = "carrier"


def tone_wav(hz: float, rate: int, channels: int, seconds: float) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        frames = (struct.pack("<h", int(8000 * math.sin(2 * math.pi * hz * n / rate))) * channels
                  for n in range(int(rate * seconds)))
        w.writeframes(b"".join(frames))
    return out.getvalue()


class MediaAdminTest(ServerTestCase):

    def api_ok(self, server, method, path, body=None, expect=200):
        status, answer = server.api(method, path, body)
        self.assertEqual(status, expect, f"{method} {path}: {answer!r}")
        return answer

    def upload(self, server, path, wav: bytes, token=None):
        if server.admin_token is None:
            server.login()
        request = urllib.request.Request(f"http://{LOCALHOST}:{server.http_port}{path}", data=wav, method="PUT")
        request.add_header("Content-Type", "audio/wav")
        request.add_header("Authorization", f"Bearer {token or server.admin_token}")
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def test_an_uploaded_prompt_is_accepted_by_a_flow_and_is_what_the_caller_hears(self):
        trunk_port = free_port(tcp=False)

        def setup(server):
            server.trunk_add(TRUNK, LOCALHOST, trunk_port)
            server.number_add("4200", "flow:welcome")
        server = self.start_server(setup)
        definition = {"name": "welcome", "start": "hello", "nodes": {
            "hello": {"type": "play", "items": [{"type": "file", "path": "welcome.wav"}], "next": "bye"},
            "bye": {"type": "hangup", "cause": "normal"}}}
        flow = self.api_ok(server, "POST", "/api/v1/flows", {"name": "welcome", "definition": definition}, expect=201)
        status, _ = server.api("POST", f"/api/v1/flows/{flow['id']}/publish")
        self.assertEqual(status, 400, "published before the prompt exists")

        wav = tone_wav(700, 44100, 2, 6.5)
        self.assertGreater(len(wav), 1024 * 1024)
        self.assertEqual(self.upload(server, "/api/v1/prompts/welcome.wav", wav), 201)
        self.assertEqual(self.upload(server, "/api/v1/prompts/welcome.wav", b"RIFF junk"), 400)
        listed = {p["name"]: p for p in self.api_ok(server, "GET", "/api/v1/prompts")["items"]}
        self.assertAlmostEqual(listed["welcome.wav"]["duration_ms"], 6500, delta=2)
        self.api_ok(server, "POST", f"/api/v1/flows/{flow['id']}/publish", expect=201)

        customer, media = self.call_from_trunk(server, trunk_port, "4200", "0612345678",
                                               "uac_trunk_call_remote_bye.xml")
        time.sleep(2.0)
        heard = pcmu_audio(media.packets[5:60])
        self.assertGreater(len(heard), 8000, "the caller heard less than a second")
        self.assertGreater(tone_db(heard, 700), tone_db(heard, 1000) + 20, "the caller does not hear the upload")
        status, answer = server.api("DELETE", "/api/v1/prompts/welcome.wav")
        self.assertEqual(status, 409, answer)
        self.assertEqual(answer["flows"], ["welcome"])
        self.assert_sipp_ok(customer)

    def test_a_held_caller_hears_music_uploaded_to_the_tenants_class_while_on_hold(self):
        def jazz(server):  # the class has no file yet: held calls hear the built-in default
            server._cli("tenant", "set", "--data", str(server.data), "--music-class", "jazz")
        server = self.start_server(jazz)
        server.login()
        callee, callee_media = self.phone(server, "1002", "uas_answer.xml")
        caller, _ = self.dial(server, "1001", "1002", "uac_call_hold_resume.xml", pause_ms=1500)
        self.assertIsNotNone(caller.wait_logged("HELD", 10), "the hold was not answered")
        time.sleep(0.3)
        before = len(callee_media.packets)
        self.assertEqual(self.upload(server, "/api/v1/moh/jazz/tone.wav", tone_wav(700, 16000, 1, 3)), 201)
        after_upload = len(callee_media.packets)
        time.sleep(0.8)
        default = pcmu_audio(callee_media.packets[max(0, before - 10):before])
        music = pcmu_audio(callee_media.packets[after_upload + 3:])
        self.assertGreater(len(music), 8000 // 2, "no music reached the held callee after the upload")
        self.assertLess(goertzel_power(default, 700), 0.5 * sum(x * x for x in default) / max(1, len(default)),
                        "700 Hz before the upload: the test proves nothing")
        self.assertGreater(goertzel_power(music, 700), 0.5 * sum(x * x for x in music) / len(music),
                           "the held callee does not hear the uploaded 700 Hz music")
        classes = {c["name"]: c for c in self.api_ok(server, "GET", "/api/v1/moh")["items"]}
        self.assertEqual([f["name"] for f in classes["jazz"]["files"]], ["tone.wav"])
        self.assert_sipp_ok(caller, callee)

    def test_a_backup_made_during_a_call_is_restored_with_the_server_stopped(self):
        def before_backup(server):
            server._cli("queue", "add", "--data", str(server.data), "--name", "before", "--members", "1001")
        server = self.start_server(before_backup)
        callee, _ = self.phone(server, "1002", "uas_answer.xml")
        caller, _ = self.dial(server, "1001", "1002", "uac_call_auth.xml", pause_ms=3000)
        self.assertTrue(wait_until(lambda: server._http("GET", "/api/v1/health")[1]["calls_in_progress"] > 0, 10),
                        "the call did not come up")
        ops = server.login_operator()
        status, backup = server._http("POST", "/api/v1/system/backups", token=ops, timeout_s=30)
        self.assertEqual(status, 201, backup)
        self.api_ok(server, "POST", "/api/v1/queues", {"name": "after", "strategy": "longest_idle"}, expect=201)
        self.assert_sipp_ok(caller, callee)
        self.assertIsNotNone(server.wait_for_cdr(lambda c: str(c["caller"]) == "1001"))
        file = server.data / "backups" / backup["name"]

        refused = subprocess.run([hotline_binary(), "restore", "--data", str(server.data), str(file)],
                                 capture_output=True, text=True, timeout=30)
        self.assertNotEqual(refused.returncode, 0, "restore ran under a live server")
        self.assertIn("running", refused.stderr)
        self.assertEqual(server.stop(), 0)

        restored = subprocess.run([hotline_binary(), "restore", "--data", str(server.data), str(file)],
                                  capture_output=True, text=True, timeout=30)
        self.assertEqual(restored.returncode, 0, restored.stderr)
        self.assertEqual(len(list(server.data.glob("hotline.db.before-restore-*"))), 1)
        server.start()
        server.admin_token = None
        names = sorted(q["name"] for q in self.api_ok(server, "GET", "/api/v1/queues")["items"])
        self.assertEqual(names, ["before"], "the restored database is the one of the backup")


if __name__ == "__main__":
    unittest.main()

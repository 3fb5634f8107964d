"""A crash in the middle of a call: kill -9 Hotline while a call is up, restart it on the same
data dir, and the call's record is closed as "interrupted" at a moment between its answer and the
crash; the restarted server takes new calls.
"""

import time
import unittest

from harness import ServerTestCase, media_address, wait_until


class CrashTest(ServerTestCase):

    def test_kill_during_call_marks_it_interrupted(self):
        server = self.start_server()
        callee, _ = self.phone(server, "1002", "uas_answer.xml", pause_ms=200, timeout_s=60)
        caller, _ = self.dial(server, "1001", "1002", "uac_call_auth.xml", pause_ms=60000,
                              timeout_s=60)
        self.assertTrue(caller.wait_logged("ANSWERED", 15), "the call was never answered")
        call_id = caller.logged("CALLID")[0][0]
        live = server.wait_for_cdr(
            lambda c: c.get("sip_call_id") == call_id and c.get("answered_at"), 3.0,
            finished=False)
        self.assertIsNotNone(live, f"no answered in-progress record: {server.calls()!r}")
        self.assertEqual(live["disposition"], "in_progress")
        # Let the liveness heartbeat tick past the answer, as in a real crash mid-call.
        time.sleep(1.0)

        killed_at_ms = int(time.time() * 1000)
        server.killed_on_purpose = True
        server.kill9()
        caller.kill()
        callee.kill()

        rows = server.db_rows("SELECT * FROM calls WHERE sip_call_id = ?", (call_id,))
        self.assertEqual(len(rows), 1, "the answered call was not in the database at the crash")
        self.assertIsNone(rows[0]["ended_at"], "the record was closed before the crash")

        server.start()
        record = server.wait_for_cdr(lambda c: c.get("sip_call_id") == call_id, 5.0)
        self.assertIsNotNone(record, f"no closed record after restart: {server.calls()!r}")
        self.assertEqual(record["disposition"], "interrupted")
        self.assertGreaterEqual(record["ended_at"], record["answered_at"])
        self.assertLessEqual(record["ended_at"], killed_at_ms + 1000,
                             "ended_at must be the last moment the server was known alive")
        self.assertEqual(record["talk_ms"], record["ended_at"] - record["answered_at"])
        row = server.db_rows("SELECT disposition, ended_at FROM calls WHERE sip_call_id = ?",
                             (call_id,))[0]
        self.assertEqual((row["disposition"], row["ended_at"]),
                         ("interrupted", record["ended_at"]))
        open_legs = server.db_rows(
            "SELECT l.id FROM call_legs l JOIN calls c ON c.id = l.call_id "
            "WHERE c.sip_call_id = ? AND l.ended_at IS NULL", (call_id,))
        self.assertEqual(open_legs, [], "legs of the interrupted call were left open")

        # The restarted server takes calls again.
        callee, callee_media = self.phone(server, "1002", "uas_answer.xml", pause_ms=200)
        caller, caller_media = self.dial(server, "1001", "1002", "uac_call_auth.xml",
                                         pause_ms=1500)
        self.assert_rtp_both_ways(caller_media, media_address(caller.wait_logged("MEDIA", 15)),
                                  callee_media, media_address(callee.wait_logged("MEDIA", 15)))
        self.assert_sipp_ok(caller, callee)
        new_call_id = caller.logged("CALLID")[0][0]
        self.assertIsNotNone(wait_until(lambda: server.wait_for_cdr(
            lambda c: c.get("sip_call_id") == new_call_id and c["disposition"] == "answered",
            0.2), 3.0), "the call after the restart has no answered record")
        self.assertEqual(server.stop(), 0, "SIGTERM must give a clean exit 0")


if __name__ == "__main__":
    unittest.main()

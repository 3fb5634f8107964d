"""The ACD on real calls (ACD-1, ACD-2, ACD-8, ACD-9, IVR-10): from the hotline number to the
right agent.

A customer calls in from a trunk to 4200, whose flow's menu sends key 1 to queue "sales" served
by the agents of 1001, 1002 and 1003 (longest idle first). The agents log in by registering their
phones: 1002 first, so it has been idle longest. The customer hears the menu, presses 1 (RFC
4733), hears music on hold while 1002 rings, and talks to 1002 once it answers; 1001 and 1003 are
not rung. The CDR has the IVR path and the queue entry; the queue log has the wait and the agent;
the agent state log has ready → ringing → talking → wrap_up. A whitelisted caller skips the menu
(the flow's first condition); a blacklisted one gets 486 before any media; an agent on a direct
call is not offered queue calls meanwhile.

IVR-8: a queue node with announce_agent makes the caller hear the agent's work number (speech)
after the agent answers and before the agent's own audio (a 1400 Hz tone) comes through. IVR-9:
a queue with a survey flow keeps the caller when the agent hangs up first; the caller hears the
survey, presses 5, and the answer is stored against the call and the agent (read back through
the REST API); when the caller hangs up first there is no survey.
"""

import json
import unittest

from harness import (LOCALHOST, ULAW_TO_LINEAR, ServerTestCase, free_port, goertzel_power, media_address,
                     wait_until)

TRUNK = "carrier"
CARRIER_CALLER = "0612345678"

FLOW = {
    "name": "sales line",
    "start": "check",
    "nodes": {
        "check": {
            "type": "condition",
            "branches": [{"when": "caller_whitelisted == 'true'", "next": "sales"}],
            "default": "menu",
        },
        "menu": {
            "type": "menu",
            "prompt": [{"type": "tone", "tone": "dial", "duration_ms": 3000}],
            "keys": {"1": "sales"},
            "timeout_ms": 8000,
            "max_retries": 0,
            "on_failure": "end",
        },
        "sales": {"type": "queue", "queue": "sales", "on_failure": "end"},
        "end": {"type": "hangup", "cause": "normal"},
    },
}

ANNOUNCING_FLOW = {
    "name": "announcing line",
    "start": "sales",
    "nodes": {
        "sales": {"type": "queue", "queue": "sales", "announce_agent": True, "on_failure": "end"},
        "end": {"type": "hangup", "cause": "normal"},
    },
}

SURVEY_FLOW = {
    "name": "satisfaction",
    "start": "agent",
    "nodes": {
        "agent": {"type": "announce_agent", "before": [{"type": "tts", "text": "工号"}],
                  "after": [{"type": "tts", "text": "为您服务"}], "interruptible": True, "next": "ask"},
        "ask": {"type": "survey", "prompt": [{"type": "tts", "text": "请为本次服务打分，一到五分"}],
                "keys": "12345", "variable": "score", "timeout_ms": 8000, "max_retries": 0,
                "next": "thanks", "on_failure": "end"},
        "thanks": {"type": "play", "items": [{"type": "tone", "tone": "beep"}], "next": "end"},
        "end": {"type": "hangup", "cause": "normal"},
    },
}

AGENT_TONE_HZ = 1400


def samples_of(payload):
    return [ULAW_TO_LINEAR[b] for b in payload]


def is_tone(payload, hz):
    """The packet is (mostly) a sine of `hz`: a pure tone's power at its frequency is its mean square."""
    samples = samples_of(payload)
    mean_square = sum(x * x for x in samples) / len(samples)
    return mean_square > 300 ** 2 and goertzel_power(samples, hz) > 0.6 * mean_square


def is_loud(payload):
    samples = samples_of(payload)
    return sum(x * x for x in samples) / len(samples) > 300 ** 2


class QueueTest(ServerTestCase):

    def call_in(self, server, trunk_port, number, pause_ms=None, scenario="uac_trunk_call.xml"):
        """A customer calling `number` from the carrier trunk, with its RTP endpoint; started."""
        return self.call_from_trunk(server, trunk_port, number, CARRIER_CALLER, scenario, pause_ms)

    def setup(self, trunk_port, flow=FLOW, queue_args=(), flows=()):
        def setup(server):
            server.trunk_add(TRUNK, LOCALHOST, trunk_port)
            for name, definition in (("sales", flow),) + tuple(flows):
                path = server.workdir / f"{name}.json"
                path.write_text(json.dumps(definition))
                published = server._cli("flow", "publish", "--data", str(server.data), "--name", name,
                                        "--file", str(path))
                self.assertEqual(published.returncode, 0, published.stderr)
            server._cli("queue", "add", "--data", str(server.data), "--name", "sales",
                        "--members", "1001,1002,1003", "--wrap-up", "2", *queue_args)
            server.number_add("4200", "flow:sales")
        return setup

    def test_menu_key_1_reaches_the_longest_idle_agent_of_the_queue(self):
        trunk_port = free_port(tcp=False)
        server = self.start_server(self.setup(trunk_port))
        agent, agent_media = self.phone(server, "1002", "uas_answer.xml")  # registers first: idle longest
        self.register(server, "1001")
        self.register(server, "1003")

        customer, media = self.call_in(server, trunk_port, "4200", pause_ms=6000)
        peer = media_address(customer.wait_logged("MEDIA", 15))
        self.assertIsNotNone(peer, "the server did not answer the customer")
        self.assertTrue(wait_until(lambda: media.received >= 10, 5), "the customer hears no menu")
        media.send_dtmf(peer, "1", inband=False)
        media.wait_sent()

        agent_peer = media_address(agent.wait_logged("MEDIA", 15))
        self.assertIsNotNone(agent_peer, "1002, the longest idle agent, was not rung")
        before = agent_media.received
        media.send_burst(peer, count=50, tone_hz=1000)
        media.wait_sent()
        self.assertTrue(wait_until(lambda: agent_media.received - before >= 40, 3),
                        "the customer's audio does not reach the agent")
        pop = next(a for a in server.api_get("/api/v1/live/agents")["items"] if a["extension"] == "1002")
        self.assertEqual((pop["state"], pop["caller"]), ("talking", CARRIER_CALLER))
        self.assertEqual({k: pop["call_data"].get(k) for k in ("ivr_flow", "ivr_path", "ivr_keys")},
                         {"ivr_flow": "sales", "ivr_path": "check>menu>sales", "ivr_keys": "1"})
        self.assert_sipp_ok(customer, agent)

        record = self.cdr(server, customer)
        self.assertEqual(record["direction"], "inbound")
        detail = server.call_detail(record["id"])
        rung = sorted(leg["endpoint"] for leg in detail["legs"] if leg["role"] == "callee")
        self.assertEqual(rung, ["1002"], "only the longest idle agent rings")
        kinds = [e["kind"] for e in detail["events"]]
        self.assertIn("queue_entered", kinds)
        ivr = self.ivr_trail(server, record["id"])
        self.assertEqual(ivr["path"], ["check", "menu", "sales"])
        self.assertEqual(ivr["keys"], "1")
        self.assertEqual(ivr["end"], "queue")

        server.stop()  # flushes the logs
        queue_log = server.db_rows("SELECT q.outcome, q.wait_ms, u.extension FROM queue_log q"
                                   " JOIN users u ON u.id = q.user_id WHERE q.call_id = ?", (record["id"],))
        self.assertEqual(len(queue_log), 1)
        self.assertEqual(queue_log[0]["outcome"], "answered")
        self.assertEqual(queue_log[0]["extension"], "1002")
        self.assertGreaterEqual(queue_log[0]["wait_ms"], 0)
        states = [r["to_state"] for r in server.db_rows(
            "SELECT s.to_state FROM agent_state_log s JOIN users u ON u.id = s.user_id"
            " WHERE u.extension = '1002' ORDER BY s.at, s.id")]
        for expected in ("ready", "ringing", "talking", "wrap_up"):
            self.assertIn(expected, states, f"1002's states: {states}")


    def test_a_whitelisted_caller_skips_the_menu(self):
        trunk_port = free_port(tcp=False)
        setup = self.setup(trunk_port)

        def listed(server):
            setup(server)
            server._cli("list", "add", "--data", str(server.data), "--kind", "whitelist", "--number", CARRIER_CALLER)
        server = self.start_server(listed)
        agent, _ = self.phone(server, "1002", "uas_answer.xml")
        customer, media = self.call_in(server, trunk_port, "4200", pause_ms=2000)
        self.assertIsNotNone(agent.wait_logged("MEDIA", 15), "the agent was not rung without a key press")
        self.assert_sipp_ok(customer, agent)
        record = self.cdr(server, customer)
        ivr = self.ivr_trail(server, record["id"])
        self.assertEqual(ivr["path"], ["check", "sales"])
        self.assertEqual(ivr["keys"], "")

    def test_a_waiting_caller_is_told_its_place_and_abandons_when_nobody_answers(self):
        trunk_port = free_port(tcp=False)

        def direct(server):
            server.trunk_add(TRUNK, LOCALHOST, trunk_port)
            server._cli("queue", "add", "--data", str(server.data), "--name", "support", "--members", "1001",
                        "--announce-interval", "1")
            server.number_add("4300", "queue:support")
        server = self.start_server(direct)  # nobody registered: the caller waits
        customer, media = self.call_in(server, trunk_port, "4300", pause_ms=2600)
        self.assert_sipp_ok(customer)
        self.assertGreater(media.loud, 50, "the waiting caller heard neither music nor announcements")
        record = self.cdr(server, customer)
        announcements = [e["detail"] for e in server.call_detail(record["id"])["events"]
                         if e["kind"] == "queue_announcement"]
        self.assertGreaterEqual(len(announcements), 2, announcements)
        self.assertTrue(announcements[0].startswith("position 1"), announcements)
        server.stop()
        outcome = server.db_rows("SELECT outcome FROM queue_log WHERE call_id = ?", (record["id"],))
        self.assertEqual([r["outcome"] for r in outcome], ["abandoned"])

    def test_a_tenant_in_english_hears_its_place_in_english(self):
        trunk_port = free_port(tcp=False)

        def english(server):
            server.trunk_add(TRUNK, LOCALHOST, trunk_port)
            server._cli("tenant", "set", "--data", str(server.data), "--language", "en")
            server._cli("queue", "add", "--data", str(server.data), "--name", "support", "--members", "1001",
                        "--announce-interval", "1")
            server.number_add("4300", "queue:support")
        server = self.start_server(english)
        customer, media = self.call_in(server, trunk_port, "4300", pause_ms=1600)
        self.assert_sipp_ok(customer)
        record = self.cdr(server, customer)
        announcements = [e["detail"] for e in server.call_detail(record["id"])["events"]
                         if e["kind"] == "queue_announcement"]
        self.assertTrue(announcements, "no announcement")
        self.assertEqual(announcements[0], "position 1: You are next in line. Please hold.")
        self.assertGreater(media.loud, 50, "the caller heard nothing")

    def test_an_agent_on_a_direct_call_is_not_offered_queue_calls(self):
        trunk_port = free_port(tcp=False)

        def direct(server):
            server.trunk_add(TRUNK, LOCALHOST, trunk_port)
            server._cli("queue", "add", "--data", str(server.data), "--name", "support", "--members", "1002,1003")
            server.number_add("4300", "queue:support")
        server = self.start_server(direct)
        busy_agent, _ = self.phone(server, "1002", "uas_answer.xml")  # idle longest, but about to be busy
        free_agent, _ = self.phone(server, "1003", "uas_answer.xml")
        colleague, _ = self.dial(server, "1001", "1002", "uac_call_auth.xml", pause_ms=4000)
        self.assertIsNotNone(busy_agent.wait_logged("MEDIA", 15), "the direct call did not reach 1002")
        self.assertIsNotNone(colleague.wait_logged("MEDIA", 15), "the direct call was not answered")
        customer, media = self.call_in(server, trunk_port, "4300", pause_ms=1000)
        self.assert_sipp_ok(customer, free_agent, colleague, busy_agent)
        legs = server.call_detail(self.cdr(server, customer)["id"])["legs"]
        self.assertEqual([leg["endpoint"] for leg in legs if leg["role"] == "callee"], ["1003"])

    def test_a_blacklisted_caller_gets_busy_before_any_media(self):
        trunk_port = free_port(tcp=False)
        setup = self.setup(trunk_port)

        def blacklisted(server):
            setup(server)
            server._cli("list", "add", "--data", str(server.data), "--kind", "blacklist", "--number", "0612345XXX")
        server = self.start_server(blacklisted)
        customer, media = self.call_in(server, trunk_port, "4200", scenario="uac_trunk_expect_code.xml")
        self.assert_sipp_ok(customer)
        self.assertEqual(customer.logged("FINAL"), [["486"]])
        self.assertEqual(media.received, 0, "a blacklisted caller got media")
        record = self.cdr(server, customer)
        self.assertEqual(record["disposition"], "blocked")

    def test_the_caller_hears_the_agents_work_number_before_being_bridged(self):
        trunk_port = free_port(tcp=False)
        server = self.start_server(self.setup(trunk_port, ANNOUNCING_FLOW))
        agent, agent_media = self.phone(server, "1002", "uas_answer.xml")
        customer, media = self.call_in(server, trunk_port, "4200", pause_ms=9000)
        agent_peer = media_address(agent.wait_logged("MEDIA", 15))
        self.assertIsNotNone(agent_peer, "the agent was not rung")
        answered_at = len(media.packets)  # the agent answers at once
        agent_media.send_burst(agent_peer, count=400, tone_hz=AGENT_TONE_HZ)  # the agent talks at once

        def first_tone():
            for index, (pt, _, payload) in enumerate(media.packets[answered_at:]):
                if pt == 0 and is_tone(payload, AGENT_TONE_HZ):
                    return answered_at + index
            return None
        tone_at = wait_until(first_tone, 8)
        self.assertIsNotNone(tone_at, "the agent's tone never reached the caller")
        before = [payload for pt, _, payload in media.packets[answered_at:tone_at] if pt == 0]
        speech = [p for p in before if is_loud(p) and not is_tone(p, AGENT_TONE_HZ)]
        self.assertGreaterEqual(len(speech), 50,
                                f"the caller heard {len(speech)} packets of announcement before the agent")
        wait_until(lambda: len(media.packets) >= tone_at + 50, 3)
        after = [payload for pt, _, payload in media.packets[tone_at:tone_at + 50] if pt == 0]
        self.assertGreaterEqual(sum(is_tone(p, AGENT_TONE_HZ) for p in after), 40,
                                "after the announcement the caller hears the agent")
        self.assertGreater(agent_media.loud, 20, "the agent did not hear the announcement")
        self.assert_sipp_ok(customer, agent)
        events = server.call_detail(self.cdr(server, customer)["id"])["events"]
        self.assertIn({"kind": "agent_announcement", "detail": "1002"},
                      [{"kind": e["kind"], "detail": e["detail"]} for e in events])

    def survey_setup(self, trunk_port):
        straight_to_queue = {"name": "sales line", "start": "sales", "nodes": {
            "sales": {"type": "queue", "queue": "sales", "on_failure": "end"},
            "end": {"type": "hangup", "cause": "normal"}}}
        return self.setup(trunk_port, straight_to_queue, queue_args=("--survey-flow", "survey"),
                          flows=(("survey", SURVEY_FLOW),))

    def test_when_the_agent_hangs_up_first_the_caller_answers_the_survey_stored_against_the_agent(self):
        trunk_port = free_port(tcp=False)
        server = self.start_server(self.survey_setup(trunk_port))
        agent, _ = self.phone(server, "1002", "uas_answer_hangup.xml", pause_ms=1000)
        customer, media = self.call_in(server, trunk_port, "4200", scenario="uac_trunk_call_remote_bye.xml")
        peer = media_address(customer.wait_logged("MEDIA", 15))
        self.assertIsNotNone(peer, "the server did not answer the customer")
        self.assert_sipp_ok(agent)  # answered, talked a second, hung up
        heard = media.loud
        self.assertTrue(wait_until(lambda: media.loud - heard >= 100, 15),
                        "the caller hears no announcement and survey prompt after the agent left")
        # The announcement is interruptible in this flow: a key during it is kept for the survey.
        media.send_dtmf(peer, "5", inband=False)
        media.wait_sent()
        self.assert_sipp_ok(customer)  # thanked and hung up by the flow

        record = self.cdr(server, customer)
        self.assertEqual(record["hangup_side"], "system")
        ivr = self.ivr_trail(server, record["id"])
        self.assertEqual(ivr["flow"], "survey")
        self.assertEqual(ivr["path"], ["agent", "ask", "thanks", "end"], ivr)
        self.assertEqual(ivr["errors"], [])
        self.assertEqual(ivr["variables"]["agent_extension"], "1002")
        agent_id = server.db_rows("SELECT id FROM users WHERE extension = '1002'")[0]["id"]
        surveys = wait_until(lambda: server.api_get(f"/api/v1/surveys?call_id={record['id']}")["items"], 3)
        self.assertTrue(surveys, "no survey answer stored")
        self.assertEqual(len(surveys), 1, surveys)
        answer = surveys[0]
        self.assertEqual((answer["score"], answer["answer"], answer["agent_id"], answer["agent_extension"],
                          answer["queue"], answer["flow"], answer["question"], answer["variable"]),
                         (5, "5", agent_id, "1002", "sales", "survey", "ask", "score"))
        by_agent = server.api_get(f"/api/v1/surveys?agent={agent_id}")
        self.assertEqual([item["call_id"] for item in by_agent["items"]], [record["id"]])
        self.assertEqual(server.call_detail(record["id"])["surveys"], surveys)

    def test_when_the_caller_hangs_up_first_there_is_no_survey(self):
        trunk_port = free_port(tcp=False)
        server = self.start_server(self.survey_setup(trunk_port))
        agent, _ = self.phone(server, "1002", "uas_answer.xml")
        customer, _ = self.call_in(server, trunk_port, "4200", pause_ms=1500)
        self.assert_sipp_ok(customer, agent)  # the customer's BYE reached the agent
        record = self.cdr(server, customer)
        self.assertEqual(record["hangup_side"], "caller")
        server.stop()
        self.assertEqual(server.db_rows("SELECT * FROM surveys WHERE call_id = ?", (record["id"],)), [])
        self.assertNotIn("survey", [json.loads(e["detail"])["flow"] for e in server.db_rows(
            "SELECT detail FROM call_events WHERE call_id = ? AND kind = 'ivr'", (record["id"],))])


if __name__ == "__main__":
    unittest.main()

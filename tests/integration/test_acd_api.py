"""IVR and ACD configured through the REST API on a running server (ACD-1, ACD-4, ACD-6, IVR-3):
what the API changes applies to the next call without a restart.

A queue created through the API, with an agent added as its member, serves the next caller: the
agent whose phone is registered logs in at once, rings and talks, and the live views show it
ready, then talking on that call with the caller waiting before. An agent logged out through the API is passed over until it logs in again, and can be
set not ready with a reason. A number blacklisted through the
API gets 486 on its next call and is served again once removed. A flow created and published
through the API runs on the next call to its number; a flow that does not compile is refused
with every error named; one whose prompt file is not in the prompts folder is refused until the
file is there, and then the caller hears that file. The seats the platform operator gives the
tenant cap how many agents are logged in, and a change applies at once. After a caller who hangs up
in line and one an agent answers, the live queue (REST, and queue.update on a wallboard's socket)
counts one abandoned and one answered call today with the service level they give, and still
does after a restart (SUP-2); a service-level threshold out of range is refused naming the field.
"""

import math
import struct
import time
import unittest
import wave

from cti_client import CtiSocket
from harness import (LOCALHOST, ULAW_TO_LINEAR, ServerTestCase, free_port, goertzel_power, media_address,
                     wait_until)

TRUNK = "carrier"
CARRIER_CALLER = "0612345678"


class AcdApiTest(ServerTestCase):

    def call_in(self, server, trunk_port, number, pause_ms=None, scenario="uac_trunk_call.xml"):
        """A customer calling `number` from the carrier trunk, with its RTP endpoint; started."""
        return self.call_from_trunk(server, trunk_port, number, CARRIER_CALLER, scenario, pause_ms)

    def api_ok(self, server, method, path, body=None, expect=200):
        status, answer = server.api(method, path, body)
        self.assertEqual(status, expect, f"{method} {path}: {answer!r}")
        return answer

    def agent_id(self, server, extension):
        agents = self.api_ok(server, "GET", "/api/v1/agents")["items"]
        return next(a["id"] for a in agents if a["extension"] == extension)

    def live_agent(self, server, extension):
        agents = self.api_ok(server, "GET", "/api/v1/live/agents")["items"]
        return next((a for a in agents if a["extension"] == extension), None)

    def queue_number(self, trunk_port):
        def setup(server):
            server.trunk_add(TRUNK, LOCALHOST, trunk_port)
            server.number_add("4300", "queue:support")  # the queue does not exist yet
        return setup

    def test_a_queue_created_through_the_api_serves_the_next_call(self):
        trunk_port = free_port(tcp=False)
        server = self.start_server(self.queue_number(trunk_port))
        agent, agent_media = self.phone(server, "1002", "uas_answer.xml")

        queue = self.api_ok(server, "POST", "/api/v1/queues",
                            {"name": "support", "strategy": "longest_idle", "wrap_up_ms": 1000}, expect=201)
        self.api_ok(server, "PUT", f"/api/v1/queues/{queue['id']}/members",
                    {"user_ids": [self.agent_id(server, "1002")]})
        ready = self.live_agent(server, "1002")
        self.assertIsNotNone(ready, "the new member is not an agent of the running ACD")
        self.assertEqual(ready["state"], "ready", ready)
        self.assertTrue(ready["phone_registered"])

        customer, media = self.call_in(server, trunk_port, "4300", pause_ms=4000)
        self.assertIsNotNone(media_address(customer.wait_logged("MEDIA", 15)), "the queue did not answer")
        self.assertIsNotNone(agent.wait_logged("MEDIA", 15), "the agent was not rung")
        talking = wait_until(lambda: (a := self.live_agent(server, "1002")) and a["state"] == "talking" and a, 5)
        self.assertTrue(talking, f"1002 is not talking: {self.live_agent(server, '1002')!r}")
        self.assertIsNotNone(talking["call_id"])
        queues = self.api_ok(server, "GET", "/api/v1/live/queues")["items"]
        support = next(q for q in queues if q["name"] == "support")
        self.assertEqual(support["agents"]["talking"], 1, support)
        self.assertEqual(support["calls"], [], "the answered call is still listed as waiting")
        self.assert_sipp_ok(customer, agent)
        record = self.cdr(server, customer)
        self.assertEqual(talking["call_id"], record["id"])
        legs = server.call_detail(record["id"])["legs"]
        self.assertEqual([leg["endpoint"] for leg in legs if leg["role"] == "callee"], ["1002"])

    def test_an_agent_logged_out_through_the_api_is_not_rung_until_logged_in(self):
        trunk_port = free_port(tcp=False)

        def setup(server):
            server.trunk_add(TRUNK, LOCALHOST, trunk_port)
            server._cli("queue", "add", "--data", str(server.data), "--name", "support", "--members", "1002,1003")
            server.number_add("4300", "queue:support")
        server = self.start_server(setup)
        away, _ = self.phone(server, "1002", "uas_answer.xml")  # idle longest, but about to log out
        present, _ = self.phone(server, "1003", "uas_answer.xml")
        ann = self.agent_id(server, "1002")
        out = self.api_ok(server, "POST", f"/api/v1/agents/{ann}/state", {"state": "logged_out"})
        self.assertEqual(out["state"], "logged_out")

        customer, _ = self.call_in(server, trunk_port, "4300", pause_ms=1000)
        self.assert_sipp_ok(customer, present)
        legs = server.call_detail(self.cdr(server, customer)["id"])["legs"]
        self.assertEqual([leg["endpoint"] for leg in legs if leg["role"] == "callee"], ["1003"])

        back = self.api_ok(server, "POST", f"/api/v1/agents/{ann}/state", {"state": "logged_in"})
        self.assertEqual(back["state"], "ready")
        lunch = self.api_ok(server, "POST", f"/api/v1/agents/{ann}/state", {"state": "not_ready", "reason": "lunch"})
        self.assertEqual((lunch["state"], lunch["reason"]), ("not_ready", "lunch"))
        status, answer = server.api("POST", f"/api/v1/agents/{self.agent_id(server, '1001')}/state",
                                    {"state": "ready"})
        self.assertEqual(status, 404, answer)  # 1001 is in no queue

    def test_the_tenants_seats_set_by_the_platform_operator_cap_logged_in_agents_live(self):
        def setup(server):
            server._cli("queue", "add", "--data", str(server.data), "--name", "support", "--members", "1002,1003")
        server = self.start_server(setup)
        operator = server.credentials["operator"]
        platform = server.login_as(operator["username"], operator["password"])
        tenant = server.credentials["tenant"]["id"]
        status, answer = server.api_as(platform, "PUT", f"/api/v1/tenants/{tenant}", {"seats": 1})
        self.assertEqual(status, 200, answer)
        self.phone(server, "1002", "uas_answer.xml")
        self.assertEqual(wait_until(lambda: (a := self.live_agent(server, "1002")) and a["state"], 5), "ready")
        self.phone(server, "1003", "uas_answer.xml")
        self.assertTrue(wait_until(lambda: (a := self.live_agent(server, "1003")) and a["phone_registered"], 5))
        self.assertEqual(self.live_agent(server, "1003")["state"], "logged_out", "a second agent took the one seat")
        second = self.agent_id(server, "1003")
        status, answer = server.api("POST", f"/api/v1/agents/{second}/state", {"state": "logged_in"})
        self.assertEqual(status, 409, answer)
        self.assertIn("seats", answer["error"]["message"])
        self.assertEqual(server.api("PUT", f"/api/v1/tenants/{tenant}", {"seats": 5})[0], 403)  # not the tenant's

        status, answer = server.api_as(platform, "PUT", f"/api/v1/tenants/{tenant}", {"seats": 2})
        self.assertEqual(status, 200, answer)
        back = self.api_ok(server, "POST", f"/api/v1/agents/{second}/state", {"state": "logged_in"})
        self.assertEqual(back["state"], "ready")

    def test_a_caller_waiting_shows_in_the_live_queue(self):
        trunk_port = free_port(tcp=False)
        server = self.start_server(self.queue_number(trunk_port))
        self.api_ok(server, "POST", "/api/v1/queues", {"name": "support", "announce_interval_ms": 0}, expect=201)
        customer, media = self.call_in(server, trunk_port, "4300", pause_ms=3000)  # nobody logged in
        self.assertIsNotNone(media_address(customer.wait_logged("MEDIA", 15)))

        def waiting():
            support = next(q for q in self.api_ok(server, "GET", "/api/v1/live/queues")["items"]
                           if q["name"] == "support")
            return support if support["calls"] else None
        support = wait_until(waiting, 5)
        self.assertTrue(support, "the waiting caller is not in the live queue")
        self.assertEqual(support["waiting"], 1)
        self.assertEqual(support["calls"][0]["caller"], CARRIER_CALLER)
        self.assertEqual(support["calls"][0]["position"], 1)
        self.assert_sipp_ok(customer)

    def wallboard_socket(self, server):
        """The demo admin's socket subscribed to the tenant's live queues, as /wall opens it, and
        the queues live.subscribe answered."""
        admin = server.credentials["admin"]
        ws = CtiSocket(server.http_port, server.login_as(admin["username"], admin["password"]))
        self.addCleanup(ws.close)
        self.assertIsNotNone(ws.event("hello"), "no hello")
        reply = ws.command("live", "live.subscribe", {"agents": False, "queues": True})
        self.assertTrue(reply.get("ok"), reply)
        return ws, reply["result"]["queues"]

    def test_the_live_queue_counts_todays_answered_and_abandoned_calls_across_a_restart(self):
        trunk_port = free_port(tcp=False)
        server = self.start_server(self.queue_number(trunk_port))
        status, refused = server.api("POST", "/api/v1/queues", {"name": "support", "service_level_s": 0})
        self.assertEqual((status, refused["error"]["field"]), (400, "service_level_s"), refused)
        queue = self.api_ok(server, "POST", "/api/v1/queues",
                            {"name": "support", "announce_interval_ms": 0, "service_level_s": 15}, expect=201)
        self.assertEqual(queue["service_level_s"], 15)
        wall, _ = self.wallboard_socket(server)

        def support():
            return next(q for q in self.api_ok(server, "GET", "/api/v1/live/queues")["items"]
                        if q["name"] == "support")

        gone, _ = self.call_in(server, trunk_port, "4300", pause_ms=1500)  # nobody logged in: hangs up
        self.assert_sipp_ok(gone)
        self.assertTrue(wait_until(lambda: support()["abandoned_today"] == 1, 5), support())
        update = wall.event("queue.update", 5, lambda d: d["id"] == queue["id"] and d["abandoned_today"] == 1)
        self.assertIsNotNone(update, "no queue.update with the abandoned call")
        self.assertIsNone(update["data"]["service_level_today"], "a short abandon alone gives a service level")

        self.phone(server, "1002", "uas_answer.xml")
        self.api_ok(server, "PUT", f"/api/v1/queues/{queue['id']}/members",
                    {"user_ids": [self.agent_id(server, "1002")]})
        served, _ = self.call_in(server, trunk_port, "4300", pause_ms=3000)
        self.assert_sipp_ok(served)
        self.assertEqual(self.cdr(server, served)["disposition"], "answered")
        figures = wait_until(lambda: (q := support())["answered_today"] == 1 and q, 5)
        self.assertTrue(figures, support())
        expected = {"offered_today": 2, "answered_today": 1, "answered_within_sl_today": 1,
                    "abandoned_today": 1, "abandoned_within_sl_today": 1, "overflowed_today": 0,
                    "service_level_s": 15, "service_level_today": 1.0}
        self.assertEqual({k: figures[k] for k in expected}, expected)
        update = wall.event("queue.update", 5, lambda d: d["id"] == queue["id"] and d["answered_today"] == 1)
        self.assertIsNotNone(update, "no queue.update with the answered call")
        self.assertEqual({k: update["data"][k] for k in expected}, expected)

        self.assertEqual(server.stop(), 0)
        server.start()
        after = support()
        self.assertEqual({k: after[k] for k in expected}, expected, "the restart lost today's figures")
        _, queues = self.wallboard_socket(server)
        again = next(q for q in queues if q["id"] == queue["id"])
        self.assertEqual({k: again[k] for k in expected}, expected, "the wallboard lost today's figures")

    def test_a_number_blacklisted_through_the_api_is_refused_until_removed(self):
        trunk_port = free_port(tcp=False)
        server = self.start_server(self.queue_number(trunk_port))
        self.api_ok(server, "POST", "/api/v1/queues", {"name": "support"}, expect=201)
        entry = self.api_ok(server, "POST", "/api/v1/caller-lists",
                            {"kind": "blacklist", "number": CARRIER_CALLER, "note": "abusive"}, expect=201)
        refused, media = self.call_in(server, trunk_port, "4300", scenario="uac_trunk_expect_code.xml")
        self.assert_sipp_ok(refused)
        self.assertEqual(refused.logged("FINAL"), [["486"]])
        self.assertEqual(media.received, 0)

        self.api_ok(server, "DELETE", f"/api/v1/caller-lists/{entry['id']}", expect=204)
        served, media = self.call_in(server, trunk_port, "4300", pause_ms=1000)
        self.assert_sipp_ok(served)
        self.assertEqual(self.cdr(server, served)["disposition"], "answered")

    def test_a_flow_published_through_the_api_runs_on_the_next_call(self):
        trunk_port = free_port(tcp=False)

        def setup(server):
            server.trunk_add(TRUNK, LOCALHOST, trunk_port)
            server.number_add("4200", "flow:greeting")
        server = self.start_server(setup)
        flow = self.api_ok(server, "POST", "/api/v1/flows", {"name": "greeting"}, expect=201)
        bad = {"name": "greeting", "start": "hello", "nodes": {
            "hello": {"type": "play", "items": [{"type": "tone", "tone": "dial", "duration_ms": 500}],
                      "next": "nowhere"},
            "unused": {"type": "hangup"}}}
        status, answer = server.api("POST", f"/api/v1/flows/{flow['id']}/publish", {"definition": bad})
        self.assertEqual(status, 400, answer)
        self.assertEqual(sorted(e["field"] for e in answer["errors"]), ["nodes.hello.next", "nodes.unused"])

        good = dict(bad, nodes={
            "hello": {"type": "play", "items": [{"type": "tone", "tone": "dial", "duration_ms": 500}],
                      "next": "bye"},
            "bye": {"type": "hangup", "cause": "normal"}})
        self.api_ok(server, "PUT", f"/api/v1/flows/{flow['id']}", {"definition": good})
        published = self.api_ok(server, "POST", f"/api/v1/flows/{flow['id']}/publish", expect=201)
        self.assertEqual(published["version"], 1)

        customer, media = self.call_in(server, trunk_port, "4200", scenario="uac_trunk_call_remote_bye.xml")
        self.assert_sipp_ok(customer)
        self.assertTrue(wait_until(lambda: media.received >= 10, 3), "the caller heard nothing")
        trail = self.ivr_trail(server, self.cdr(server, customer)["id"])
        self.assertEqual((trail["flow"], trail["version"], trail["path"]), ("greeting", 1, ["hello", "bye"]))

    def test_a_holiday_added_through_the_api_sends_the_next_call_down_the_holiday_branch(self):
        trunk_port = free_port(tcp=False)
        flow = {"name": "hours", "start": "today", "nodes": {
            "today": {"type": "condition", "branches": [{"holiday": "cn", "next": "closed"}], "default": "open"},
            "closed": {"type": "hangup", "cause": "holiday"},
            "open": {"type": "hangup", "cause": "normal"}}}

        def setup(server):
            server.trunk_add(TRUNK, LOCALHOST, trunk_port)
            server.number_add("4200", "flow:hours")
        server = self.start_server(setup)
        created = self.api_ok(server, "POST", "/api/v1/flows", {"name": "hours", "definition": flow}, expect=201)
        self.api_ok(server, "POST", f"/api/v1/flows/{created['id']}/publish", expect=201)

        def path_of_a_call():
            customer, _ = self.call_in(server, trunk_port, "4200", scenario="uac_trunk_call_remote_bye.xml")
            self.assert_sipp_ok(customer)
            return self.ivr_trail(server, self.cdr(server, customer)["id"])["path"]
        self.assertEqual(path_of_a_call(), ["today", "open"])
        today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))  # the tenant's day (UTC+8)
        holiday = self.api_ok(server, "POST", "/api/v1/holidays", {"calendar": "cn", "date": today}, expect=201)
        self.assertEqual(path_of_a_call(), ["today", "closed"])
        self.api_ok(server, "DELETE", f"/api/v1/holidays/{holiday['id']}", expect=204)
        self.assertEqual(path_of_a_call(), ["today", "open"])

    def test_a_prompt_file_must_exist_to_publish_and_is_what_the_caller_hears(self):
        trunk_port = free_port(tcp=False)

        def setup(server):
            server.trunk_add(TRUNK, LOCALHOST, trunk_port)
            server.number_add("4200", "flow:welcome")
        server = self.start_server(setup)
        definition = {"name": "welcome", "start": "hello", "nodes": {
            "hello": {"type": "play", "items": [{"type": "file", "path": "greetings/welcome.wav"}], "next": "bye"},
            "bye": {"type": "hangup", "cause": "normal"}}}
        flow = self.api_ok(server, "POST", "/api/v1/flows", {"name": "welcome", "definition": definition}, expect=201)
        status, answer = server.api("POST", f"/api/v1/flows/{flow['id']}/publish")
        self.assertEqual(status, 400, answer)
        self.assertEqual([e["field"] for e in answer["errors"]], ["nodes.hello.items.0.path"])
        self.assertIn("unknown prompt file", answer["errors"][0]["message"])

        tenant = server.db_rows("SELECT tenant_id FROM users WHERE username = ?",
                                (server.credentials["admin"]["username"],))[0]["tenant_id"]
        folder = server.data / "prompts" / str(tenant) / "greetings"
        folder.mkdir(parents=True)
        with wave.open(str(folder / "welcome.wav"), "wb") as out:  # 1.5 s of 700 Hz, as an uploaded prompt
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(8000)
            out.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 700 * n / 8000)))
                                     for n in range(12000)))
        self.api_ok(server, "POST", f"/api/v1/flows/{flow['id']}/publish", expect=201)

        customer, media = self.call_in(server, trunk_port, "4200", scenario="uac_trunk_call_remote_bye.xml")
        self.assert_sipp_ok(customer)
        heard = [ULAW_TO_LINEAR[b] for pt, _, payload in media.packets[5:60] if pt == 0 for b in payload]
        self.assertGreater(len(heard), 8000, "the caller heard less than a second")
        level = lambda hz: 10 * math.log10(goertzel_power(heard, hz) + 1e-9)
        self.assertGreater(level(700), level(1000) + 20, "the caller does not hear the prompt file")


if __name__ == "__main__":
    unittest.main()

"""The CTI WebSocket (/api/v1/ws, issue 5, docs/cti.md) on the real server: agents' desktops get
their state and their phone's calls as events and change their state by commands.

A socket without a valid token is refused (401) before any upgrade. The hello carries the agent's
state. An agent goes ready; a customer calls the demo hotline 4000 (ring-all to 1001-1003) and the
agent's socket gets call.offered with the caller's number while its phone rings, call.answered,
and call.ended when the customer hangs up; the next call from the same number carries the first in
its history. A queue call carries its queue, and the queue's figures come as queue.update. An
unknown not-ready reason is refused naming `reason`; an agent may not set another agent's state
(403), a team leader may, and the agent's socket hears it. A broadcast reaches two agents. A
socket dropped mid-call reconnects to the same state and call, and hangs the call up from there.
The desktop answers its ringing phone when the phone takes the talk event (a NOTIFY in the
ringing dialog, whose tags the phone checks; then the phone hears the customer); a phone without it
is refused with 409 "lift its handset", as is a call no longer ringing.
The desktop holds its call (the customer hears music, the phone silence) and retrieves it; a phone
that holds and resumes by itself meanwhile leaves the customer's music alone until the desktop
retrieves. The desktop transfers it blind to a queue (its next agent gets it) or to another
extension, whose desktop is shown the business data the first desktop attached (a ticket draft).
Do not disturb from the desktop turns direct calls away (busy) and is kept in the store until it
is turned off; the phone's own *51 / *50 set and clear it too (a confirmation beep), and the desktop hears it.
A call the phone dials on its keypad is on its desktop too (outgoing, the other party the
number dialled, whose last calls the pop shows), held, retrieved and hung up from there.
A to-do's reminder pops on every desktop of its user (not a colleague's) at its time, is in the
hello of a desktop opened later, pops again when snoozed and no more once done; one that fell due
while the server was down pops when it is back. Logging out closes the socket.
"""

import time
import unittest

from cti_client import CtiSocket, upgrade_status
from harness import LOCALHOST, ServerTestCase, free_port, loudest_tone_db, media_address

TRUNK = "carrier"
CALLER = "0612345678"
LEAD = ("lead", "lead-password-1")


class CtiTest(ServerTestCase):

    def setup_for(self, trunk_port):
        def setup(server):
            server.trunk_add(TRUNK, LOCALHOST, trunk_port)
            server._cli("queue", "add", "--data", str(server.data), "--name", "support", "--members", "1001,1002",
                        "--announce-interval", "0")
            server.number_add("4300", "queue:support")
            server.number_add("4100", "1001")  # straight to agent 1001's phone
            server.user_add(LEAD[0], LEAD[1], "team_leader")
        return setup

    def start(self):
        trunk_port = free_port(tcp=False)
        return self.start_server(self.setup_for(trunk_port)), trunk_port

    def agent_login(self, server, extension):
        entry = next(a for a in server.credentials["agents"] if a["extension"] == extension)
        return entry["username"], entry["password"]

    def open_socket(self, server, username, password):
        """A socket past its hello: (socket, hello data, token)."""
        token = server.login_as(username, password)
        ws = CtiSocket(server.http_port, token)
        self.addCleanup(ws.close)
        hello = ws.event("hello")
        self.assertIsNotNone(hello, "no hello")
        return ws, hello["data"], token

    def agent_socket(self, server, extension):
        return self.open_socket(server, *self.agent_login(server, extension))

    def user_id(self, server, extension):
        agents = server.api_get("/api/v1/agents")["items"]
        return next(a["id"] for a in agents if a["extension"] == extension)

    def ok(self, reply):
        self.assertTrue(reply.get("ok"), reply)
        return reply["result"]

    def answered_call(self, server, trunk_port, ws, number="4100", pause_ms=None):
        """A customer calls `number` and the agent's phone answers, which `ws` hears: (customer sipp,
        its media, call.offered's data, the relay's address the customer sends to). With
        `pause_ms` the customer hangs up after that long; else it waits for the server's BYE."""
        scenario = "uac_trunk_call.xml" if pause_ms is not None else "uac_trunk_call_remote_bye.xml"
        customer, customer_media = self.call_from_trunk(server, trunk_port, number, CALLER,
                                                        scenario=scenario, pause_ms=pause_ms)
        offered = ws.event("call.offered", 10)
        self.assertIsNotNone(offered, "no call.offered")
        self.assertIsNotNone(ws.event("call.answered", 10), "no call.answered")
        relay = media_address(customer.wait_logged("MEDIA", 10))
        self.assertIsNotNone(relay, "no SDP for the customer")
        return customer, customer_media, offered["data"], relay

    def heard(self, listener, speaker, relay):
        """The loud packets `listener` got while `speaker` sent a 1 kHz burst to its relay port."""
        before = listener.loud
        speaker.send_burst(relay, count=50, tone_hz=1000)
        speaker.wait_sent()
        time.sleep(0.3)
        return listener.loud - before

    def test_without_a_valid_token_the_upgrade_is_refused_with_401(self):
        server, _ = self.start()
        status, body = upgrade_status(server.http_port)
        self.assertEqual(status, 401, body)
        self.assertIn("unauthenticated", body)
        self.assertEqual(upgrade_status(server.http_port, "not-a-token")[0], 401)

    def test_the_hello_carries_the_agents_state(self):
        server, _ = self.start()
        self.register(server, "1001")  # a member of support: logs in and goes ready
        ws, hello, _ = self.agent_socket(server, "1001")
        self.assertEqual(hello["user"]["extension"], "1001")
        self.assertEqual(hello["agent"]["state"], "ready", hello)
        self.assertEqual([q["name"] for q in hello["queues"]], ["support"])
        self.assertIsNone(hello["call"])
        self.assertIn("agent.ready", hello["commands"])
        self.assertNotIn("agent.set_state", hello["commands"])
        self.assertIn("lunch", [r["code"] for r in hello["not_ready_reasons"]])

    def test_a_call_to_the_hotline_is_offered_answered_and_ended_on_the_agents_socket(self):
        server, trunk_port = self.start()
        phone, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=1500)  # rings 1.5 s
        ws, hello, _ = self.agent_socket(server, "1001")
        self.ok(ws.command("r1", "agent.ready"))

        customer, _ = self.call_from_trunk(server, trunk_port, "4000", CALLER, pause_ms=1000)
        offered = ws.event("call.offered", 10)
        offered_at = time.monotonic()
        self.assertIsNotNone(offered, "no call.offered")
        data = offered["data"]
        self.assertEqual(data["caller"], CALLER)
        self.assertEqual(data["dialled"], "4000")
        self.assertEqual(data["extension"], "1001")
        self.assertIsNone(data["queue"])
        self.assertIsNone(data["customer"])
        self.assertEqual(data["recent_calls"], [])
        answered = ws.event("call.answered", 10, lambda d: d["call_id"] == data["call_id"])
        self.assertIsNotNone(answered, "no call.answered")
        self.assertGreater(time.monotonic() - offered_at, 1.0, "call.offered came after the phone answered")
        ended = ws.event("call.ended", 10, lambda d: d["call_id"] == data["call_id"])
        self.assertIsNotNone(ended, "no call.ended")
        self.assertEqual(ended["data"]["side"], "caller")
        self.assertEqual(ended["data"]["disposition"], "answered")
        self.assert_sipp_ok(customer, phone)
        first = self.cdr(server, customer)
        self.assertEqual(first["id"], data["call_id"])

        # The same customer again: the first call is in the offer's history.
        phone, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        customer, _ = self.call_from_trunk(server, trunk_port, "4000", CALLER, pause_ms=500)
        again = ws.event("call.offered", 10)
        self.assertIsNotNone(again)
        self.assertEqual([c["id"] for c in again["data"]["recent_calls"]], [first["id"]])
        self.assert_sipp_ok(customer, phone)

    def test_a_queue_call_carries_its_queue_and_the_queue_figures_follow(self):
        server, trunk_port = self.start()
        phone, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=500)
        ws, hello, _ = self.agent_socket(server, "1001")
        support = hello["queues"][0]["id"]
        self.ok(ws.command("r1", "agent.not_ready", {"reason": "break"}))
        # The queue's update for the agent's change went out just now: the caller's entry comes
        # with the next one, up to a second later (one update per queue per second).
        customer, _ = self.call_from_trunk(server, trunk_port, "4300", CALLER, pause_ms=4000)
        waiting = ws.event("queue.update", 10, lambda d: d["id"] == support and d["waiting"] == 1)
        self.assertIsNotNone(waiting, "no queue.update with the caller waiting")
        self.assertGreaterEqual(waiting["data"]["longest_wait_ms"], 0)
        self.ok(ws.command("r2", "agent.ready"))
        offered = ws.event("call.offered", 10)
        self.assertIsNotNone(offered)
        self.assertEqual(offered["data"]["queue"], "support")
        self.assertEqual(offered["data"]["caller"], CALLER)
        ringing = ws.event("agent.state", 10, lambda d: d["state"] == "ringing")
        self.assertIsNotNone(ringing, "no agent.state ringing")
        self.assertIsNotNone(ws.event("call.ended", 15))
        self.assert_sipp_ok(customer, phone)

    def test_not_ready_with_an_unknown_reason_names_the_reason(self):
        server, _ = self.start()
        self.register(server, "1001")
        ws, _, _ = self.agent_socket(server, "1001")
        reply = ws.command("r1", "agent.not_ready", {"reason": "smoking"})
        self.assertFalse(reply["ok"], reply)
        self.assertEqual(reply["error"]["status"], 400)
        self.assertEqual(reply["error"]["field"], "reason")
        self.assertIn("lunch", reply["error"]["message"])
        state = self.ok(ws.command("r2", "agent.not_ready", {"reason": "lunch"}))
        self.assertEqual((state["state"], state["reason"]), ("not_ready", "lunch"))

    def test_an_agent_may_not_set_another_agents_state(self):
        server, _ = self.start()
        ws, _, _ = self.agent_socket(server, "1001")
        reply = ws.command("r1", "agent.set_state", {"user_id": self.user_id(server, "1002"), "state": "ready"})
        self.assertFalse(reply["ok"], reply)
        self.assertEqual(reply["error"]["status"], 403)
        self.assertEqual(reply["error"]["code"], "permission_denied")

    def test_a_team_leader_sets_an_agents_state_and_the_agent_hears_it(self):
        server, _ = self.start()
        self.register(server, "1001")
        agent, hello, _ = self.agent_socket(server, "1001")
        self.assertEqual(hello["agent"]["state"], "ready")
        lead, _, _ = self.open_socket(server, *LEAD)
        state = self.ok(lead.command("s1", "agent.set_state", {"user_id": self.user_id(server, "1001"),
                                                               "state": "not_ready", "reason": "lunch"}))
        self.assertEqual(state["state"], "not_ready")
        heard = agent.event("agent.state", 5, lambda d: d["state"] == "not_ready")
        self.assertIsNotNone(heard, "the agent's socket did not hear its new state")
        self.assertEqual(heard["data"]["reason"], "lunch")
        self.assertEqual(heard["data"]["reason_name_en"], "Lunch")

    def test_a_broadcast_reaches_two_agents(self):
        server, _ = self.start()
        first, _, _ = self.agent_socket(server, "1001")
        second, _, _ = self.agent_socket(server, "1002")
        lead, _, _ = self.open_socket(server, *LEAD)
        reached = self.ok(lead.command("m1", "message.send", {"to": "all", "text": "team meeting at 3"}))
        self.assertGreaterEqual(reached["reached"], 2)
        for ws in (first, second):
            message = ws.event("message")
            self.assertIsNotNone(message)
            self.assertEqual(message["data"]["text"], "team meeting at 3")
            self.assertEqual(message["data"]["from"]["username"], LEAD[0])

    def test_a_dropped_socket_reconnects_to_the_same_state_and_call(self):
        server, trunk_port = self.start()
        phone, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        ws, _, _ = self.agent_socket(server, "1001")
        customer, _, offered, _ = self.answered_call(server, trunk_port, ws, "4000")
        call_id = offered["call_id"]
        busy = ws.event("agent.state", 5, lambda d: d["call_id"] is not None or d["state"] != "ready")
        ws.close()  # the desktop's connection drops mid-call

        again, hello, _ = self.agent_socket(server, "1001")
        self.assertIsNotNone(hello["call"], hello)
        self.assertEqual(hello["call"]["call_id"], call_id)
        self.assertEqual(hello["call"]["state"], "talking")
        self.assertEqual(hello["call"]["caller"], CALLER)
        self.assertEqual(hello["call"]["recent_calls"], offered["recent_calls"])
        self.assertNotIn("recent_calls_of", hello["call"])
        if busy is not None:
            self.assertEqual(hello["agent"]["state"], busy["data"]["state"])
        # ... and hangs the call up from the desktop: both phones get BYE.
        self.ok(again.command("h1", "call.hangup", {"call_id": call_id}))
        ended = again.event("call.ended", 10)
        self.assertIsNotNone(ended)
        self.assertEqual(ended["data"]["side"], "callee")
        self.assert_sipp_ok(customer, phone)
        gone = again.command("h2", "call.hangup", {"call_id": call_id})
        self.assertEqual(gone["error"]["status"], 404, gone)

    def test_the_desktop_holds_and_retrieves_its_call(self):
        server, trunk_port = self.start()
        phone, phone_media = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        ws, _, _ = self.agent_socket(server, "1001")
        customer, customer_media, offered, relay = self.answered_call(server, trunk_port, ws, "4000")
        call_id = offered["call_id"]

        self.ok(ws.command("h1", "call.hold", {"call_id": call_id}))
        held = ws.event("call.held", 5)
        self.assertIsNotNone(held)
        self.assertEqual(held["data"]["by"], "user")
        music_before, phone_before = customer_media.loud, phone_media.loud
        customer_media.send_burst(relay, count=50, tone_hz=1000)  # the customer talks on hold
        customer_media.wait_sent()
        time.sleep(0.3)
        self.assertGreater(customer_media.loud - music_before, 20, "the held customer hears no music")
        self.assertLessEqual(phone_media.loud - phone_before, 2, "the agent's phone hears the held customer")

        self.ok(ws.command("h2", "call.retrieve", {"call_id": call_id}))
        self.assertIsNotNone(ws.event("call.retrieved", 5))
        self.assertGreater(self.heard(phone_media, customer_media, relay), 20,
                           "the phone does not hear the customer again")
        self.ok(ws.command("h3", "call.hangup", {"call_id": call_id}))
        self.assert_sipp_ok(customer, phone)
        events = [e["kind"] for e in server.call_detail(call_id)["events"]]
        self.assertIn("hold", events)
        self.assertIn("resume", events)

    def test_a_phone_that_holds_while_its_desktop_holds_leaves_the_music_to_the_desktop(self):
        server, trunk_port = self.start()
        phone, phone_media = self.phone(server, "1001", "uas_answer_hold_later.xml", pause_ms=2000)
        ws, _, _ = self.agent_socket(server, "1001")
        customer, customer_media, offered, relay = self.answered_call(server, trunk_port, ws, "4100")
        call_id = offered["call_id"]
        self.ok(ws.command("h1", "call.hold", {"call_id": call_id}))
        self.assertIsNotNone(phone.wait_logged("HELD", 5), "the phone did not hold")
        self.assertGreater(self.heard(customer_media, customer_media, relay), 20,
                           "the customer hears no music once the phone holds too")
        self.assertIsNotNone(phone.wait_logged("RESUMED", 5), "the phone did not resume")
        self.assertGreater(self.heard(customer_media, customer_media, relay), 20,
                           "the phone resuming stopped the music of the desktop's hold")
        self.assertIsNone(ws.event("call.retrieved", 0.2), "the phone's resume retrieved the desktop's hold")

        self.ok(ws.command("h2", "call.retrieve", {"call_id": call_id}))
        self.assertIsNotNone(ws.event("call.retrieved", 5))
        self.assertGreater(self.heard(phone_media, customer_media, relay), 20,
                           "the phone does not hear the customer after the retrieve")
        self.ok(ws.command("h3", "call.hangup", {"call_id": call_id}))
        self.assert_sipp_ok(customer, phone)
        kinds = [(e["kind"], e["party"]) for e in server.call_detail(call_id)["events"]]
        for kind in (("hold", "user"), ("hold", "callee"), ("resume", "callee"), ("resume", "user")):
            self.assertIn(kind, kinds)

    def test_the_desktop_answers_a_phone_that_takes_the_talk_event(self):
        server, trunk_port = self.start()
        phone, phone_media = self.phone(server, "1001", "uas_answer_on_talk.xml")
        ws, _, _ = self.agent_socket(server, "1001")
        customer, customer_media = self.call_from_trunk(server, trunk_port, "4100", CALLER,
                                                        scenario="uac_trunk_call_remote_bye.xml")
        offered = ws.event("call.offered", 10)
        self.assertIsNotNone(offered)
        call_id = offered["data"]["call_id"]
        time.sleep(0.5)  # the phone's 180 announced the talk event
        self.ok(ws.command("a1", "call.answer", {"call_id": call_id}))
        self.assertIsNotNone(ws.event("call.answered", 10), "the phone did not go off hook")
        talk = phone.wait_logged("TALK", 5)
        self.assertIsNotNone(talk)
        state, from_tag, to_tag, invite_from_tag, own_tag = talk
        self.assertEqual(state, "terminated")  # a one-shot event: no subscription lives on
        self.assertEqual((from_tag, to_tag), (invite_from_tag, own_tag), "the NOTIFY is not in the ringing dialog")

        relay = media_address(customer.wait_logged("MEDIA", 10))
        self.assertGreater(self.heard(phone_media, customer_media, relay), 20,
                           "the answered phone does not hear the customer")
        self.ok(ws.command("a2", "call.hangup", {"call_id": call_id}))
        self.assert_sipp_ok(customer, phone)
        events = server.call_detail(call_id)["events"]
        self.assertIn(("answer_requested", "user"), [(e["kind"], e["party"]) for e in events])

    def test_a_phone_without_the_talk_event_is_answered_by_hand(self):
        server, trunk_port = self.start()
        phone, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=1500)  # rings 1.5 s of the 3 s allowed
        ws, _, _ = self.agent_socket(server, "1001")
        customer, _ = self.call_from_trunk(server, trunk_port, "4100", CALLER, scenario="uac_trunk_call_remote_bye.xml")
        call_id = ws.event("call.offered", 10)["data"]["call_id"]
        time.sleep(0.3)  # its 180 came, without the talk event
        reply = ws.command("a1", "call.answer", {"call_id": call_id})
        self.assertFalse(reply.get("ok"), reply)
        self.assertEqual(reply["error"]["status"], 409, reply)
        self.assertIn("lift its handset", reply["error"]["message"])
        self.assertIsNotNone(ws.event("call.answered", 10), "the phone's own answer")
        reply = ws.command("a2", "call.answer", {"call_id": call_id})  # answered: nothing rings
        self.assertEqual(reply["error"]["status"], 409, reply)
        self.ok(ws.command("a3", "call.hangup", {"call_id": call_id}))
        self.assert_sipp_ok(customer, phone)

    def test_a_call_dialled_on_the_phones_keypad_is_on_its_desktop(self):
        server, _ = self.start()
        ws, _, _ = self.agent_socket(server, "1001")
        first_id = None
        for attempt in ("first", "second"):
            callee, callee_media = self.phone(server, "1002", "uas_answer.xml", pause_ms=300)
            caller, _ = self.dial(server, "1001", "1002", "uac_call_remote_bye.xml")
            offered = ws.event("call.offered", 10)
            self.assertIsNotNone(offered, f"the {attempt} call dialled is not on the desktop")
            data = offered["data"]
            self.assertEqual((data["caller"], data["dialled"], data["outgoing"]), ("1001", "1002", True))
            call_id = data["call_id"]
            self.assertIsNotNone(ws.event("call.answered", 5, lambda d, c=call_id: d["call_id"] == c))
            self.assertIsNotNone(caller.wait_logged("ANSWERED", 10), "1002 did not answer")
            if first_id:  # the pop's last calls are the number dialled's
                self.assertIn(first_id, [c["id"] for c in data["recent_calls"]])
                break
            first_id = call_id

            # Held from the desktop: 1002 hears the music; retrieved; hung up from the desktop.
            self.ok(ws.command("k1", "call.hold", {"call_id": call_id}))
            self.assertIsNotNone(ws.event("call.held", 5))
            before = callee_media.loud
            time.sleep(1.0)
            self.assertGreater(callee_media.loud - before, 20, "the held callee hears no music")
            self.ok(ws.command("k2", "call.retrieve", {"call_id": call_id}))
            self.assertIsNotNone(ws.event("call.retrieved", 5))
            self.ok(ws.command("k3", "call.hangup", {"call_id": call_id}))
            ended = ws.event("call.ended", 10, lambda d, c=call_id: d["call_id"] == c)
            self.assertIsNotNone(ended, "the dialled call did not end on the desktop")
            self.assertEqual(ended["data"]["disposition"], "answered")
            self.assert_sipp_ok(caller, callee)
        self.ok(ws.command("k4", "call.hangup", {"call_id": call_id}))
        self.assert_sipp_ok(caller, callee)

    def test_a_call_transferred_to_a_queue_goes_to_its_next_agent(self):
        server, trunk_port = self.start()
        first, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        second, _ = self.phone(server, "1002", "uas_answer.xml", pause_ms=200)
        ws1, _, _ = self.agent_socket(server, "1001")
        ws2, _, _ = self.agent_socket(server, "1002")
        customer, _, offered, _ = self.answered_call(server, trunk_port, ws1, pause_ms=5000)
        call_id = offered["call_id"]
        self.ok(ws1.command("t0", "agent.not_ready", {"reason": "admin"}))  # not offered the call back
        moved = self.ok(ws1.command("t1", "call.transfer", {"call_id": call_id, "queue": "support"}))
        self.assertEqual(moved["to"], "queue:support")
        transferred = ws1.event("call.transferred", 5)
        self.assertIsNotNone(transferred)
        self.assertEqual(transferred["data"]["to"], "queue:support")
        self.assertIsNotNone(ws1.event("call.ended", 5, lambda d: d["call_id"] == call_id))
        offered = ws2.event("call.offered", 10, lambda d: d["call_id"] == call_id)
        self.assertIsNotNone(offered, "the queue did not offer the transferred call to 1002")
        self.assertEqual(offered["data"]["queue"], "support")
        self.assertEqual(offered["data"]["caller"], CALLER)
        self.assertIsNotNone(ws2.event("call.answered", 10))
        self.assert_sipp_ok(customer, first, second)
        legs = server.call_detail(call_id)["legs"]
        self.assertEqual([leg["endpoint"] for leg in legs if leg["role"] == "callee"], ["1001", "1002"])
        unknown = ws2.command("t2", "call.transfer", {"call_id": call_id, "queue": "nowhere"})
        self.assertEqual((unknown["error"]["status"], unknown["error"]["field"]), (404, "queue"))

    def test_a_call_transferred_to_an_extension_rings_it_with_its_business_data(self):
        server, trunk_port = self.start()
        first, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        third, _ = self.phone(server, "1003", "uas_answer.xml", pause_ms=500)
        ws1, _, _ = self.agent_socket(server, "1001")
        ws3, _, _ = self.agent_socket(server, "1003")
        customer, _, offered, _ = self.answered_call(server, trunk_port, ws1, pause_ms=4000)
        call_id = offered["call_id"]
        ticket = {"ticket_draft": {"title": "停水报修", "address": "和平路 12 号"}, "form": {"account": "88001234"}}
        self.ok(ws1.command("t1", "call.transfer", {"call_id": call_id, "extension": "1003", "data": ticket}))
        self.assertIsNotNone(ws1.event("call.ended", 5, lambda d: d["call_id"] == call_id))
        offered = ws3.event("call.offered", 10, lambda d: d["call_id"] == call_id)
        self.assertIsNotNone(offered, "1003 was not rung")
        self.assertEqual(offered["data"]["caller"], CALLER)
        self.assertEqual(offered["data"]["data"], ticket, "the business data did not travel with the call")
        self.assertIsNotNone(ws3.event("call.answered", 10))
        ended = ws3.event("call.ended", 10)  # the customer hangs up on 1003
        self.assertIsNotNone(ended)
        self.assertEqual(ended["data"]["side"], "caller")
        self.assert_sipp_ok(customer, first, third)
        events = [e["kind"] for e in server.call_detail(call_id)["events"]]
        self.assertIn("transfer", events)

    def test_do_not_disturb_turns_direct_calls_away_until_it_is_off(self):
        server, trunk_port = self.start()
        phone, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=200)
        ws, hello, _ = self.agent_socket(server, "1001")
        self.assertFalse(hello["dnd"])
        self.assertEqual(self.ok(ws.command("d1", "phone.dnd", {"on": True})), {"extension": "1001", "dnd": True})
        self.assertIsNotNone(ws.event("phone.dnd", 5))
        refused, _ = self.call_from_trunk(server, trunk_port, "4100", CALLER, scenario="uac_trunk_expect_code.xml")
        self.assert_sipp_ok(refused)
        self.assertEqual(refused.logged("FINAL"), [["486"]])
        record = self.cdr(server, refused)
        self.assertIn("do_not_disturb", [e["kind"] for e in server.call_detail(record["id"])["events"]])
        extension = next(e for e in server.api_get("/api/v1/extensions")["items"] if e["extension"] == "1001")
        self.assertTrue(extension["dnd"], "DND is not kept in the store")
        again, hello, _ = self.agent_socket(server, "1001")
        self.assertTrue(hello["dnd"], "a new socket does not say DND is on")

        self.ok(ws.command("d2", "phone.dnd", {"on": False}))
        customer, _ = self.call_from_trunk(server, trunk_port, "4100", CALLER, pause_ms=500)
        self.assertIsNotNone(ws.event("call.offered", 10), "the phone does not ring once DND is off")
        self.assert_sipp_ok(customer, phone)

    def test_the_phone_sets_do_not_disturb_with_star_51_and_clears_it_with_star_50(self):
        server, trunk_port = self.start()
        ws, hello, _ = self.agent_socket(server, "1001")
        self.assertFalse(hello["dnd"])
        port = self.register(server, "1001")
        on, media = self.dial(server, "1001", "*51", "uac_call_remote_bye.xml", timeout_s=10)
        self.assertEqual(ws.event("phone.dnd", 5)["data"], {"extension": "1001", "dnd": True})
        self.assert_sipp_ok(on)  # answered, beeped, hung up by the server
        self.assertGreater(loudest_tone_db(media.packets, 1000, window=800), 60, "no confirmation beep")
        refused, _ = self.call_from_trunk(server, trunk_port, "4100", CALLER, scenario="uac_trunk_expect_code.xml")
        self.assert_sipp_ok(refused)
        self.assertEqual(refused.logged("FINAL"), [["486"]])
        _, hello, _ = self.agent_socket(server, "1001")
        self.assertTrue(hello["dnd"], "the desktop does not show DND set from the phone")

        off, _ = self.dial(server, "1001", "*50", "uac_call_remote_bye.xml", timeout_s=10)
        self.assertEqual(ws.event("phone.dnd", 5)["data"], {"extension": "1001", "dnd": False})
        self.assert_sipp_ok(off)
        phone, _ = self.phone(server, "1001", "uas_answer.xml", pause_ms=200, register=False, port=port)
        customer, _ = self.call_from_trunk(server, trunk_port, "4100", CALLER, pause_ms=500)
        self.assertIsNotNone(ws.event("call.offered", 10), "the phone does not ring once DND is off")
        self.assert_sipp_ok(customer, phone)

    def test_a_todos_reminder_pops_on_its_users_desktops_at_its_time(self):
        server, _ = self.start()
        desk, _, token = self.agent_socket(server, "1001")
        toolbar, _, _ = self.agent_socket(server, "1001")  # an embedded toolbar: a second socket
        colleague, _, _ = self.agent_socket(server, "1002")
        remind_at = int(time.time() * 1000) + 1500
        status, todo = server.api_as(token, "POST", "/api/v1/todos", {
            "title": "给李先生回电", "remind_at": remind_at, "customer_number": CALLER})
        self.assertEqual(status, 201, todo)
        path = f"/api/v1/todos/{todo['id']}"
        for ws in (desk, toolbar):
            self.assertIsNotNone(ws.event("todo.changed", 5, where=lambda d: d["todo"]["id"] == todo["id"]))
            popped = ws.event("todo.reminder", 6)
            self.assertIsNotNone(popped, "the reminder did not pop")
            self.assertEqual(popped["data"]["title"], "给李先生回电")
            self.assertGreaterEqual(popped["data"]["reminded_at"], remind_at, "popped before its time")
            self.assertLess(popped["data"]["reminded_at"], remind_at + 1500, "popped late")
        self.assertIsNone(colleague.event("todo.reminder", 0.5), "another agent's desktop got the reminder")
        _, hello, _ = self.agent_socket(server, "1001")
        self.assertEqual([r["id"] for r in hello["reminders"]], [todo["id"]], "a new desktop is not reminded")

        snooze_to = int(time.time() * 1000) + 1000
        self.assertEqual(server.api_as(token, "PATCH", path, {"remind_at": snooze_to})[0], 200)
        changed = desk.event("todo.changed", 5)
        self.assertIsNone(changed["data"]["todo"]["reminded_at"], "snoozing does not re-arm the reminder")
        self.assertIsNotNone(desk.event("todo.reminder", 5), "the snoozed reminder did not pop again")
        status, done = server.api_as(token, "PATCH", path, {"done": True})
        self.assertTrue(done["done"])
        self.assertTrue(toolbar.event("todo.changed", 5, where=lambda d: d["todo"]["done"]))
        self.assertEqual(self.agent_socket(server, "1001")[1]["reminders"], [])

    def test_a_reminder_due_while_the_server_was_down_pops_when_it_is_back(self):
        server, _ = self.start()
        user, password = self.agent_login(server, "1001")
        token = server.login_as(user, password)
        status, todo = server.api_as(token, "POST", "/api/v1/todos",
                                     {"title": "renew the contract", "remind_at": int(time.time() * 1000) + 1000})
        self.assertEqual(status, 201, todo)
        self.assertEqual(server.stop(), 0)
        time.sleep(1.5)
        server.start()
        _, hello, _ = self.agent_socket(server, "1001")
        if not hello["reminders"]:  # the thread may pop it just after this hello was read
            time.sleep(0.5)
            _, hello, _ = self.agent_socket(server, "1001")
        self.assertEqual([r["title"] for r in hello["reminders"]], ["renew the contract"])

    def test_logging_out_closes_the_socket(self):
        server, _ = self.start()
        ws, _, token = self.agent_socket(server, "1001")
        status, _ = server.api_with_token("POST", "/api/v1/auth/logout", token)
        self.assertEqual(status, 204)
        self.assertEqual(ws.wait_closed(5), 1008)
        self.assertEqual(upgrade_status(server.http_port, token)[0], 401)


if __name__ == "__main__":
    unittest.main()

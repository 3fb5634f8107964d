"""SIP security end to end: brute-force bans per source address, toll-fraud rules, and anonymous
calls only to public numbers.

Bans: the server runs with --sip-ban-failures 3; sipp registers with a wrong password from
127.0.0.2 (the whole of 127.0.0.0/8 is on lo) until the address is banned, then even its first
REGISTER is refused with 403 while 127.0.0.1 registers as before; a platform operator sees the ban
over REST, a tenant admin does not; the ban runs out (--sip-ban-seconds) or is lifted early.
Toll fraud: route 00. goes to a trunk; extension 1001 (owned by agent1, an agent) dialling 00...
gets 403 and the trunk receives nothing; extension 1004, owned by a manager, reaches the trunk.
Anonymous: an INVITE without credentials reaches a number marked public (a conference room the
server answers), while one to an extension or an outside number is challenged (407) and nothing is
dialled.
"""

import socket
import time
import unittest

from harness import LOCALHOST, ServerTestCase, free_port, wait_until

SECOND_SOURCE = "127.0.0.2"
OPERATOR = ("secops", "operator-pw-1")  # a second platform operator: the demo has "operator"
MANAGER = ("boss", "manager-pw-1")
MANAGER_EXT, MANAGER_SIP_PW = "1004", "sip-pw-1004"
FOREIGN_NUMBER = "0044207946000"
BAN_WARNING = 'Warning: 399 hotline "Too many failed authentications from this address"'


def ban_args(seconds):
    return ("--sip-ban-failures", "3", "--sip-ban-window", "60", "--sip-ban-seconds", str(seconds))


class SilentTrunk:
    """A UDP socket on the trunk's address: records whatever the server sends it."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((LOCALHOST, 0))
        self.port = self.sock.getsockname()[1]

    def received(self, wait_s):
        self.sock.settimeout(wait_s)
        try:
            return self.sock.recv(65535)
        except socket.timeout:
            return None

    def close(self):
        self.sock.close()


class SipBansTest(ServerTestCase):

    def start(self, ban_seconds):
        def setup(server):
            server.user_add(*OPERATOR, role="platform_operator")
        return self.start_server(setup, extra_args=ban_args(ban_seconds))

    def register_from(self, server, source, ext, password, scenario="register_auth.xml"):
        sipp = self.sipp(scenario, name=f"{len(self.sipps) + 1:02d}-{scenario[:-4]}-{source}",
                         remote=server.sip_address, keys={"ext": ext}, user=ext, password=password,
                         timeout_s=10, local_ip=source)
        sipp.run()
        return sipp

    def fail_until_banned(self, server):
        for attempt in range(3):
            sipp = self.register_from(server, SECOND_SOURCE, "1002", "wrong-password",
                                      "register_wrong_password.xml")
            self.assert_sipp_ok(sipp)
            self.assertEqual(sipp.logged("FINAL"), [["403"]], f"attempt {attempt + 1}")

    def bans(self, server, token):
        status, body = server.api_as(token, "GET", "/api/v1/security/sip-bans")
        self.assertEqual(status, 200, body)
        return body["items"]

    def test_a_source_failing_too_often_is_banned_and_others_are_not(self):
        server = self.start(ban_seconds=4)
        for _ in range(3):  # challenges are no failures: registering three times bans nothing
            self.register(server, "1001")
        self.fail_until_banned(server)
        refused = self.register_from(server, SECOND_SOURCE, "1002", "", "register_refused.xml")
        self.assert_sipp_ok(refused)
        self.assertIn(BAN_WARNING, refused.messages())
        right_password = self.register_from(server, SECOND_SOURCE, "1002", server.password("1002"))
        self.assertNotEqual(right_password.wait(), 0, "the right password got through while banned")
        self.assertIn("SIP/2.0 403", right_password.messages())
        self.register(server, "1003")  # 127.0.0.1 is not affected

        token = server.login_as(*OPERATOR)
        items = self.bans(server, token)
        self.assertEqual([(b["address"], b["failures"]) for b in items], [(SECOND_SOURCE, 3)])
        self.assertGreater(items[0]["banned_until"], time.time() * 1000)
        status, _ = server.api("GET", "/api/v1/security/sip-bans")  # the demo admin: a tenant admin
        self.assertEqual(status, 403)
        logs = "".join(p.read_text(errors="replace") for p in server.log_files if p.exists())
        self.assertIn(f"banned {SECOND_SOURCE} for 4 s after 3 failed authentications", logs)

        self.assertTrue(wait_until(lambda: not self.bans(server, token), 8.0), "the ban did not run out")
        self.assert_sipp_ok(self.register_from(server, SECOND_SOURCE, "1002", server.password("1002")))

    def test_the_platform_operator_lifts_a_ban_early(self):
        server = self.start(ban_seconds=300)
        self.fail_until_banned(server)
        # A new INVITE from the banned address is refused too, before any challenge.
        media = self.endpoint()
        invite = self.sipp("uac_trunk_expect_code.xml", name=f"{len(self.sipps) + 1:02d}-invite-banned",
                           remote=server.sip_address, service="1001", local_ip=SECOND_SOURCE,
                           keys={"caller": "1002", "rtp_port": media.port})
        invite.run()
        self.assert_sipp_ok(invite)
        self.assertEqual(invite.logged("FINAL"), [["403"]])
        self.assertIn(BAN_WARNING, invite.messages())
        token = server.login_as(*OPERATOR)
        self.assertEqual(len(self.bans(server, token)), 1)
        status, body = server.api("DELETE", f"/api/v1/security/sip-bans/{SECOND_SOURCE}")
        self.assertEqual(status, 403, body)  # not the tenant admin's to lift
        status, body = server.api_as(token, "DELETE", f"/api/v1/security/sip-bans/{SECOND_SOURCE}")
        self.assertEqual(status, 204, body)
        self.assertEqual(self.bans(server, token), [])
        self.assert_sipp_ok(self.register_from(server, SECOND_SOURCE, "1002", server.password("1002")))
        status, body = server.api_as(token, "DELETE", f"/api/v1/security/sip-bans/{SECOND_SOURCE}")
        self.assertEqual(status, 404, body)


class TollFraudTest(ServerTestCase):

    def start(self, trunk_port):
        def setup(server):
            server._cli("extension", "add", "--data", str(server.data), "--extension", MANAGER_EXT,
                        "--password", MANAGER_SIP_PW)
            server.user_add(*MANAGER, role="manager", extension=MANAGER_EXT)
            server.trunk_add("carrier", LOCALHOST, trunk_port)
            server.route_add("00.", "carrier", 0)
        return self.start_server(setup)

    def dial_as(self, server, ext, password, number, scenario, pause_ms=None):
        media = self.endpoint()
        sipp = self.sipp(scenario, name=f"{len(self.sipps) + 1:02d}-caller-{ext}", remote=server.sip_address,
                         service=number, keys={"ext": ext, "rtp_port": media.port}, user=ext,
                         password=password, pause_ms=pause_ms, auth_uri=f"{number}@{server.sip_address}")
        sipp.start(wait_bound=False)
        return sipp

    def test_an_agents_extension_may_not_dial_abroad_and_no_trunk_is_tried(self):
        trunk = SilentTrunk()
        self.addCleanup(trunk.close)
        server = self.start(trunk.port)
        caller = self.dial_as(server, "1001", server.password("1001"), FOREIGN_NUMBER, "uac_expect_code.xml")
        self.assert_sipp_ok(caller)
        self.assertEqual(caller.logged("FINAL"), [["403"]])
        self.assertIn("international calls are not allowed", caller.messages())
        self.assertIsNone(trunk.received(1.0), "the trunk received a request")
        record = self.cdr(server, caller)
        self.assertEqual(record["disposition"], "refused_toll_fraud")
        events = [e for e in server.call_detail(record["id"])["events"] if e["kind"] == "toll_fraud_refused"]
        self.assertEqual([e["detail"] for e in events], [f"international {FOREIGN_NUMBER}"])

    def test_a_managers_extension_reaches_the_trunk(self):
        port = free_port(tcp=False)
        server = self.start(port)
        media = self.endpoint()
        carrier = self.sipp("uas_trunk_answer.xml", port=port, pause_ms=300,
                            keys={"ext": "carrier", "rtp_port": media.port}).start()
        caller = self.dial_as(server, MANAGER_EXT, MANAGER_SIP_PW, FOREIGN_NUMBER, "uac_call_auth.xml",
                              pause_ms=300)
        self.assert_sipp_ok(caller, carrier)
        self.assertEqual(self.cdr(server, caller)["disposition"], "answered")


class AnonymousCallsTest(ServerTestCase):

    def start(self, trunk_port):
        def setup(server):
            server._cli("number", "add", "--data", str(server.data), "--pattern", "4100",
                        "--target", "conference:demo", "--public")
            server.trunk_add("carrier", LOCALHOST, trunk_port)
            server.route_add("00.", "carrier", 0)
        return self.start_server(setup)

    def anonymous_call(self, server, number, scenario, pause_ms=None):
        media = self.endpoint()
        sipp = self.sipp(scenario, name=f"{len(self.sipps) + 1:02d}-anonymous-{number}",
                         remote=server.sip_address, service=number, pause_ms=pause_ms,
                         keys={"caller": "sip-uri-caller", "rtp_port": media.port})
        sipp.start(wait_bound=False)
        return sipp

    def test_only_a_public_number_takes_a_call_without_credentials(self):
        trunk = SilentTrunk()
        self.addCleanup(trunk.close)
        server = self.start(trunk.port)
        answered = self.anonymous_call(server, "4100", "uac_trunk_call.xml", pause_ms=300)
        self.assert_sipp_ok(answered)
        record = self.cdr(server, answered)
        self.assertEqual((record["disposition"], record["direction"]), ("answered", "inbound"))

        challenged = self.scenario_variant("uac_trunk_expect_code.xml",
                                           {'response="403"': 'response="407"', "FINAL 403": "FINAL 407"})
        for number in ("1002", "4000", FOREIGN_NUMBER):
            sipp = self.anonymous_call(server, number, challenged)
            self.assert_sipp_ok(sipp)
            self.assertEqual(sipp.logged("FINAL"), [["407"]], number)
        self.assertIsNone(trunk.received(1.0), "the trunk received a request")
        numbers = {c["callee"] for c in server.calls()}
        self.assertEqual(numbers, {"4100"}, "a challenged INVITE left a call record")


if __name__ == "__main__":
    unittest.main()

"""Keeps the sipp scenarios honest without the server: each scenario runs against a sipp peer.

Phone-side scenarios (uas_*) are paired with the carrier callers (uac_trunk_*), which need no
digest; the extension callers (uac_call_*, uac_expect_code, uac_cancel, register_*) are paired
with stand-ins for the server under scenarios/selftest/, which challenge like Hotline will.
Beyond sipp's own verdict the tests check from the traces what sipp cannot: the digest responses
are right, ACK/CANCEL reuse the INVITE's branch, ACK and BYE follow the Record-Route, RTP flows
both ways between the SDP addresses, and a wrong final response does fail a scenario.
"""

import re
import socket
import unittest

from harness import (LOCALHOST, SELFTEST_SCENARIOS, SippTestCase, digest_is_valid, header,
                     media_address, sip_messages)

PASSWORD = "s3cret-pw"


def requests(sipp, direction, method):
    return [m for d, m in sip_messages(sipp.messages())
            if d == direction and m.startswith(method + " ")]


def branch(message):
    return re.search(r"branch=([^;,\s]+)", header(message, "Via")).group(1)


class ScenarioSelftest(SippTestCase):

    def uas(self, scenario, selftest=False, **kwargs):
        path = str(SELFTEST_SCENARIOS / scenario) if selftest else scenario
        media = kwargs.pop("media", None)
        keys = {"ext": "1002", "rtp_port": media.port if media else 9}
        keys.update(kwargs.pop("keys", {}))
        return self.sipp(path, keys=keys, timeout_s=15, **kwargs).start()

    def uac(self, scenario, uas, number="1002", selftest=False, **kwargs):
        path = str(SELFTEST_SCENARIOS / scenario) if selftest else scenario
        media = kwargs.pop("media", None)
        keys = {"ext": "1001", "caller": "0612345678", "rtp_port": media.port if media else 9}
        keys.update(kwargs.pop("keys", {}))
        remote = f"{LOCALHOST}:{uas.port}"
        return self.sipp(path, remote=remote, service=number, keys=keys,
                         auth_uri=f"{number}@{remote}", timeout_s=15, **kwargs).start(
                             wait_bound=False)

    def reject_scenario(self, code, reason):
        """srv_call_reject.xml for one status code (sipp takes no keyword in a status line)."""
        template = (SELFTEST_SCENARIOS / "srv_call_reject.xml.in").read_text()
        path = self.workdir / f"srv_call_reject_{code}.xml"
        path.write_text(template.replace("@CODE@", code).replace("@REASON@", reason))
        return str(path)

    def exchange_rtp(self, caller, caller_media, callee, callee_media):
        """Plays RTP both ways once the call is answered, between the two SDP addresses."""
        caller_peer = media_address(caller.wait_logged("MEDIA"))
        callee_peer = media_address(callee.wait_logged("MEDIA"))
        self.assertEqual(caller_peer, (LOCALHOST, callee_media.port))
        self.assertEqual(callee_peer, (LOCALHOST, caller_media.port))
        self.assert_rtp_both_ways(caller_media, caller_peer, callee_media, callee_peer)

    # ------------------------------------------------------------------------------ register
    def test_register_auth(self):
        registrar = self.uas("srv_register.xml", selftest=True,
                             keys={"ext": "1001", "password": PASSWORD})
        phone = self.uac("register_auth.xml", registrar, user="1001", password=PASSWORD)
        self.assert_sipp_ok(phone, registrar)
        authed = requests(registrar, "received", "REGISTER")[-1]
        self.assertTrue(digest_is_valid(header(authed, "Authorization"), "REGISTER", PASSWORD))
        self.assertEqual(header(authed, "Contact"), f"<sip:1001@{LOCALHOST}:{phone.port}>")
        self.assertTrue(phone.logged("REGISTERED"))

    def test_register_wrong_password_is_refused(self):
        registrar = self.uas("srv_register.xml", selftest=True,
                             keys={"ext": "1001", "password": PASSWORD})
        phone = self.uac("register_wrong_password.xml", registrar, user="1001",
                         password="not-the-password")
        self.assert_sipp_ok(phone, registrar)
        self.assertEqual(phone.logged("FINAL"), [["403"]])
        self.assertEqual(len(requests(phone, "sent", "REGISTER")), 3)

    def test_register_wrong_password_fails_when_accepted(self):
        registrar = self.uas("srv_register.xml", selftest=True,
                             keys={"ext": "1001", "password": PASSWORD})
        phone = self.uac("register_wrong_password.xml", registrar, user="1001",
                         password=PASSWORD)
        self.assertNotEqual(phone.wait(), 0, "a 200 to the wrong password must fail the run")

    def test_register_refused(self):
        registrar = self.uas("srv_register_banned.xml", selftest=True, keys={"ext": "1001"})
        phone = self.uac("register_refused.xml", registrar, keys={"ext": "1001"})
        self.assert_sipp_ok(phone, registrar)
        self.assertEqual(phone.logged("FINAL"), [["403"]])
        self.assertEqual(len(requests(phone, "sent", "REGISTER")), 1)
        self.assertIsNone(header(requests(phone, "sent", "REGISTER")[0], "Authorization"))

    def test_register_refused_fails_when_challenged(self):
        registrar = self.uas("srv_register.xml", selftest=True,
                             keys={"ext": "1001", "password": PASSWORD})
        phone = self.uac("register_refused.xml", registrar, keys={"ext": "1001"})
        self.assertNotEqual(phone.wait(), 0, "a 401 instead of the 403 must fail the run")
        self.assertEqual(phone.logged("FINAL"), [])

    # -------------------------------------------------------------------- extension callers
    def test_call_auth_with_rtp(self):
        caller_media, callee_media = self.endpoint(), self.endpoint()
        server = self.uas("srv_call_answer.xml", selftest=True, media=callee_media)
        caller = self.uac("uac_call_auth.xml", server, user="1001", password=PASSWORD,
                          media=caller_media, pause_ms=1500)
        self.exchange_rtp(caller, caller_media, server, callee_media)
        self.assert_sipp_ok(caller, server)

        invites = requests(server, "received", "INVITE")
        self.assertEqual(len(invites), 2)
        self.assertIsNone(header(invites[0], "Proxy-Authorization"))
        self.assertTrue(digest_is_valid(header(invites[1], "Proxy-Authorization"), "INVITE",
                                        PASSWORD))
        self.assertIn("uri=\"sip:1002@", header(invites[1], "Proxy-Authorization"))
        self.assertEqual(header(invites[1], "CSeq"), "2 INVITE")
        acks = requests(caller, "sent", "ACK")
        self.assertEqual(branch(acks[0]), branch(invites[0]), "ACK of the 407 keeps the branch")
        for message in (acks[1], requests(caller, "sent", "BYE")[0]):
            self.assertIn("itest=rr", header(message, "Route") or "",
                          "ACK/BYE must follow the Record-Route")
        self.assertEqual(caller.logged("CALLID"), server.logged("CALLID"))

    def test_expect_code(self):
        for code, reason in (("404", "Not Found"), ("480", "Temporarily Unavailable"),
                             ("486", "Busy Here"), ("603", "Decline")):
            with self.subTest(code=code):
                server = self.uas(self.reject_scenario(code, reason))
                caller = self.uac("uac_expect_code.xml", server, user="1001", password=PASSWORD)
                self.assert_sipp_ok(caller, server)
                self.assertEqual(caller.logged("FINAL"), [[code]])
                acks = requests(caller, "sent", "ACK")
                self.assertEqual(branch(acks[1]), branch(requests(caller, "sent", "INVITE")[1]))

    def test_expect_code_fails_when_answered(self):
        server = self.uas("srv_call_answer.xml", selftest=True)
        caller = self.uac("uac_expect_code.xml", server, user="1001", password=PASSWORD)
        self.assertNotEqual(caller.wait(), 0, "a 200 must fail uac_expect_code.xml")

    def test_call_auth_fails_when_busy(self):
        server = self.uas(self.reject_scenario("486", "Busy Here"))
        caller = self.uac("uac_call_auth.xml", server, user="1001", password=PASSWORD)
        self.assertNotEqual(caller.wait(), 0, "a 486 must fail uac_call_auth.xml")

    def test_cancel(self):
        server = self.uas("srv_call_cancel.xml", selftest=True)
        caller = self.uac("uac_cancel.xml", server, user="1001", password=PASSWORD,
                          pause_ms=300)
        self.assert_sipp_ok(caller, server)
        self.assertTrue(caller.logged("CANCEL_OK"))
        self.assertEqual(caller.logged("FINAL"), [["487"]])
        cancel = requests(server, "received", "CANCEL")[0]
        self.assertEqual(branch(cancel), branch(requests(server, "received", "INVITE")[1]))
        self.assertEqual(header(cancel, "CSeq"), "2 CANCEL")

    def test_call_remote_bye(self):
        server = self.uas("srv_call_answer_bye.xml", selftest=True, pause_ms=500)
        caller = self.uac("uac_call_remote_bye.xml", server, user="1001", password=PASSWORD)
        self.assert_sipp_ok(caller, server)
        self.assertTrue(caller.logged("BYE_RECEIVED"))

    def test_options(self):
        server = self.uas("srv_options.xml", selftest=True)
        self.assert_sipp_ok(self.uac("options.xml", server), server)

    # ------------------------------------------------------------------ carriers and phones
    def test_trunk_call_to_answering_phone_with_rtp(self):
        caller_media, callee_media = self.endpoint(), self.endpoint()
        phone = self.uas("uas_answer.xml", media=callee_media, pause_ms=300)
        carrier = self.uac("uac_trunk_call.xml", phone, number="0105550123",
                           media=caller_media, pause_ms=1500)
        self.exchange_rtp(carrier, caller_media, phone, callee_media)
        self.assert_sipp_ok(carrier, phone)
        self.assertEqual(phone.logged("RURI"), [[f"sip:0105550123@{LOCALHOST}:{phone.port}"]])
        self.assertTrue(phone.logged("BYE_RECEIVED"))
        invite = requests(phone, "received", "INVITE")[0]
        self.assertIsNone(header(invite, "Proxy-Authorization"))
        self.assertIn("0612345678", header(invite, "From"))

    def test_trunk_answers_with_early_media(self):
        caller_media, callee_media = self.endpoint(), self.endpoint()
        trunk = self.uas("uas_trunk_answer.xml", media=callee_media, pause_ms=300)
        caller = self.uac("uac_trunk_call.xml", trunk, number="0105550199",
                          media=caller_media, pause_ms=1500)
        self.exchange_rtp(caller, caller_media, trunk, callee_media)
        self.assert_sipp_ok(caller, trunk)
        self.assertEqual(trunk.logged("RURI"), [[f"sip:0105550199@{LOCALHOST}:{trunk.port}"]])
        self.assertTrue(any(m.startswith("SIP/2.0 183") and "m=audio" in m
                            for d, m in sip_messages(caller.messages()) if d == "received"))

    def test_phone_busy_and_decline(self):
        for scenario, code in (("uas_busy.xml", "486"), ("uas_decline.xml", "603")):
            with self.subTest(scenario=scenario):
                phone = self.uas(scenario, pause_ms=200)
                caller = self.uac("uac_trunk_expect_code.xml", phone)
                self.assert_sipp_ok(caller, phone)
                self.assertEqual(caller.logged("FINAL"), [[code]])

    def test_phone_ringing_is_cancelled(self):
        phone = self.uas("uas_ring_noanswer.xml")
        caller = self.uac("uac_trunk_cancel.xml", phone, pause_ms=300)
        self.assert_sipp_ok(caller, phone)
        self.assertTrue(phone.logged("CANCEL_RECEIVED"))
        self.assertEqual(caller.logged("FINAL"), [["487"]])
        self.assertTrue(caller.logged("CANCEL_OK"))
        final = [m for d, m in sip_messages(phone.messages())
                 if d == "sent" and m.startswith("SIP/2.0 487")][0]
        self.assertEqual(header(final, "CSeq"), "1 INVITE")

    def test_phone_hangs_up_first(self):
        phone = self.uas("uas_answer_hangup.xml", pause_ms=500)
        caller = self.uac("uac_trunk_call_remote_bye.xml", phone)
        self.assert_sipp_ok(caller, phone)
        self.assertTrue(caller.logged("BYE_RECEIVED"))
        bye = requests(phone, "sent", "BYE")[0]
        self.assertIn(";tag=", header(bye, "From"))
        self.assertIn(";tag=", header(bye, "To"))
        self.assertTrue(bye.startswith(f"BYE sip:0612345678@{LOCALHOST}:{caller.port} "))

    def test_silent_carrier_answers_nothing_until_cancelled(self):
        """uas_trunk_silent.xml, driven from a raw UDP socket (a sipp UAC wants a provisional
        before it cancels): a retransmitted INVITE gets no answer, a CANCEL gets 200 and the
        INVITE 487 with the INVITE's CSeq."""
        carrier = self.uas("uas_trunk_silent.xml")
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.addCleanup(sock.close)
        sock.bind((LOCALHOST, 0))
        sock.settimeout(0.5)
        port = sock.getsockname()[1]

        def request(method, cseq):
            return (f"{method} sip:0105550199@{LOCALHOST}:{carrier.port} SIP/2.0\r\n"
                    f"Via: SIP/2.0/UDP {LOCALHOST}:{port};branch=z9hG4bK-silent-1\r\n"
                    f"From: <sip:1001@{LOCALHOST}>;tag=selftest\r\nTo: <sip:0105550199@{LOCALHOST}>\r\n"
                    f"Call-ID: silent-selftest\r\nCSeq: {cseq} {method}\r\nMax-Forwards: 70\r\n"
                    f"Content-Length: 0\r\n\r\n").encode()

        for _ in range(2):  # the first INVITE and a retransmission: no answer at all
            sock.sendto(request("INVITE", 7), (LOCALHOST, carrier.port))
            with self.assertRaises(socket.timeout):
                sock.recvfrom(4096)
        sock.sendto(request("CANCEL", 7), (LOCALHOST, carrier.port))
        answers = [sock.recvfrom(4096)[0].decode() for _ in range(2)]
        self.assertTrue(answers[0].startswith("SIP/2.0 200") and "CSeq: 7 CANCEL" in answers[0], answers[0])
        self.assertTrue(answers[1].startswith("SIP/2.0 487") and "CSeq: 7 INVITE" in answers[1], answers[1])
        sock.sendto(request("ACK", 7), (LOCALHOST, carrier.port))
        self.assert_sipp_ok(carrier)
        self.assertTrue(carrier.logged("CANCELLED"))


if __name__ == "__main__":
    unittest.main()

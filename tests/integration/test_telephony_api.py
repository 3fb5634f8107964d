"""The telephony configuration through the REST API on a running server (ADM-2, PBX-8, ACD-9):
what the API writes carries the next call, without a restart.

A trunk and an outbound route created through the API take the next external call an extension
dials out to a sipp carrier, stripped and with the route's caller ID. A number created through
the API, pointing at an extension, brings the next call from that trunk to the phone; deleted, the
next call to it is 404. Once the tenant has not-ready reasons (the demo seeds five), an agent going
not ready with any other reason is refused naming `reason`; a defined one, including one created
through the API just before, is accepted and its names show in the live agent view.
"""

import unittest

from harness import LOCALHOST, ServerTestCase, free_port, header, media_address, sip_messages

NUMBER = "0105550199"
DID = "01055500100"
CARRIER_CALLER = "0612345678"


def sip_user(value):
    """The user part of a From value: '<sip:4008001234@realm>;tag=x'."""
    return value.split("sip:", 1)[1].split("@", 1)[0]


class TelephonyApiTest(ServerTestCase):

    def api_ok(self, server, method, path, body=None, expect=200):
        status, answer = server.api(method, path, body)
        self.assertEqual(status, expect, f"{method} {path}: {answer!r}")
        return answer

    def trunk(self, server, port):
        return self.api_ok(server, "POST", "/api/v1/trunks",
                           {"name": "carrier", "host": LOCALHOST, "port": port}, expect=201)

    def test_a_trunk_and_route_created_through_the_api_carry_the_next_call_out(self):
        server = self.start_server()
        carrier_port = free_port(tcp=False)
        trunk = self.trunk(server, carrier_port)
        self.api_ok(server, "POST", "/api/v1/outbound-routes",
                    {"pattern": "9.", "trunk_id": trunk["id"], "strip_digits": 1, "caller_id": "fixed:4008001234"},
                    expect=201)

        carrier_media = self.endpoint()
        carrier = self.sipp("uas_trunk_answer.xml", name="01-carrier", port=carrier_port, pause_ms=300,
                            keys={"ext": "carrier", "rtp_port": carrier_media.port}).start()
        caller, caller_media = self.dial(server, "1001", "9" + NUMBER, "uac_call_auth.xml", pause_ms=1000)
        self.assert_rtp_both_ways(caller_media, media_address(caller.wait_logged("MEDIA", 15)),
                                  carrier_media, media_address(carrier.wait_logged("MEDIA", 15)))
        self.assert_sipp_ok(caller, carrier)
        self.assertTrue(carrier.logged("RURI")[0][0].startswith(f"sip:{NUMBER}@"), carrier.logged("RURI"))
        invite = next(m for d, m in sip_messages(carrier.messages()) if d == "received" and m.startswith("INVITE "))
        self.assertEqual(sip_user(header(invite, "From")), "4008001234")

        record = self.cdr(server, caller)
        self.assertEqual((record["direction"], record["disposition"]), ("outbound", "answered"))
        legs = [leg["endpoint"] for leg in server.call_detail(record["id"])["legs"] if leg["role"] == "callee"]
        self.assertEqual(legs, ["trunk:carrier"])

    def test_a_number_created_through_the_api_routes_the_next_trunk_call_until_deleted(self):
        server = self.start_server()
        trunk_port = free_port(tcp=False)
        trunk = self.trunk(server, trunk_port)
        phone, _ = self.phone(server, "1002", "uas_answer.xml")
        status, refused = server.api("POST", "/api/v1/numbers",
                                     {"pattern": DID, "target_type": "extension", "target": "1999"})
        self.assertEqual((status, refused["error"]["field"]), (400, "target"), refused)
        number = self.api_ok(server, "POST", "/api/v1/numbers",
                             {"pattern": DID, "target_type": "extension", "target": "1002", "trunk_id": trunk["id"]},
                             expect=201)

        customer, _ = self.call_from_trunk(server, trunk_port, DID, CARRIER_CALLER, pause_ms=500)
        self.assert_sipp_ok(customer, phone)
        record = self.cdr(server, customer)
        self.assertEqual(record["direction"], "inbound")
        legs = [leg["endpoint"] for leg in server.call_detail(record["id"])["legs"] if leg["role"] == "callee"]
        self.assertEqual(legs, ["1002"])

        self.api_ok(server, "DELETE", f"/api/v1/numbers/{number['id']}", expect=204)
        gone, _ = self.call_from_trunk(server, trunk_port, DID, CARRIER_CALLER, scenario="uac_trunk_expect_code.xml")
        self.assert_sipp_ok(gone)
        self.assertEqual(gone.logged("FINAL"), [["404"]])

    def test_an_agent_gives_one_of_the_tenants_not_ready_reasons(self):
        def setup(server):
            server._cli("queue", "add", "--data", str(server.data), "--name", "support", "--members", "1002")
        server = self.start_server(setup)
        self.phone(server, "1002", "uas_answer.xml")
        codes = [r["code"] for r in self.api_ok(server, "GET", "/api/v1/not-ready-reasons")["items"]]
        self.assertEqual(codes, ["break", "lunch", "training", "meeting", "admin"])
        ann = next(a["id"] for a in self.api_ok(server, "GET", "/api/v1/agents")["items"] if a["extension"] == "1002")
        state = f"/api/v1/agents/{ann}/state"

        status, refused = server.api("POST", state, {"state": "not_ready", "reason": "dentist"})
        self.assertEqual((status, refused["error"]["field"]), (400, "reason"), refused)
        lunch = self.api_ok(server, "POST", state, {"state": "not_ready", "reason": "lunch"})
        self.assertEqual((lunch["state"], lunch["reason"], lunch["reason_name_zh"]), ("not_ready", "lunch", "就餐"))

        self.api_ok(server, "POST", "/api/v1/not-ready-reasons",
                    {"code": "coaching", "name_zh": "辅导", "name_en": "Coaching", "productive": True}, expect=201)
        self.api_ok(server, "POST", state, {"state": "not_ready", "reason": "coaching"})
        live = next(a for a in self.api_ok(server, "GET", "/api/v1/live/agents")["items"] if a["extension"] == "1002")
        self.assertEqual((live["reason"], live["reason_name_en"]), ("coaching", "Coaching"), live)


if __name__ == "__main__":
    unittest.main()

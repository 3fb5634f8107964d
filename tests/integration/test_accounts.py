"""Accounts over real HTTP (the accounts-hardening issue, items 3 and 4): wrong passwords lock the
demo admin's account (429 with Retry-After, the right password refused too), the audit log shows
the attempts with the client's address, and an API token with only `calls.read` reads calls but is
refused the queues.
"""

import json
import unittest
import urllib.error
import urllib.request

from harness import LOCALHOST, ServerTestCase, wait_until


class AccountsTest(ServerTestCase):

    def audit_rows(self, server, query, token, count):
        """The audit rows `query` finds once there are `count` of them: rows are written behind the
        request (through the store's writer queue), so the newest may take a moment."""
        def enough():
            status, page = server.api_with_token("GET", "/api/v1/audit?" + query, token)
            self.assertEqual(status, 200, page)
            return page if len(page["items"]) >= count else None
        page = wait_until(enough, 3.0, interval_s=0.05)
        self.assertIsNotNone(page, f"fewer than {count} audit rows for {query}")
        return page

    def login_raw(self, server, username, password):
        """POST /auth/login: (status, body, Retry-After header)."""
        request = urllib.request.Request(
            f"http://{LOCALHOST}:{server.http_port}/api/v1/auth/login",
            data=json.dumps({"username": username, "password": password}).encode(), method="POST")
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, json.loads(response.read()), response.headers.get("Retry-After")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read()), error.headers.get("Retry-After")

    def test_wrong_passwords_lock_the_account_and_are_audited(self):
        server = self.start_server(extra_args=("--login-max-failures", "3", "--login-lock-minutes", "2"))
        admin = server.credentials["admin"]
        token = server.login()  # a session from before the lock keeps working

        for _ in range(2):
            status, body, _ = self.login_raw(server, admin["username"], "not-the-password")
            self.assertEqual(status, 401, body)
        status, body, retry_after = self.login_raw(server, admin["username"], "not-the-password")
        self.assertEqual(status, 429, body)
        self.assertEqual(body["error"]["code"], "account_locked")
        self.assertEqual(retry_after, "120")
        status, body, _ = self.login_raw(server, admin["username"], admin["password"])
        self.assertEqual(status, 429, "the right password is refused while locked")

        audit = self.audit_rows(server, "action=POST%20/api/v1/auth/login&user=" + admin["username"], token, 5)
        statuses = [row["status"] for row in audit["items"]]
        self.assertEqual(statuses[:4], [429, 429, 401, 401], audit)
        self.assertEqual(audit["items"][0]["remote_address"], LOCALHOST)
        self.assertNotIn(admin["password"], json.dumps(audit))

    def test_a_token_reads_calls_and_is_refused_queues(self):
        server = self.start_server()
        status, created = server.api("POST", "/api/v1/auth/tokens",
                                     {"name": "crm", "scopes": ["calls.read"], "expires_in_days": 7})
        self.assertEqual(status, 201, created)
        secret = created["token"]
        self.assertTrue(secret.startswith("hlt_"))

        status, calls = server.api_with_token("GET", "/api/v1/calls", secret)
        self.assertEqual(status, 200, calls)
        status, refused = server.api_with_token("GET", "/api/v1/queues", secret)
        self.assertEqual(status, 403, refused)
        status, _ = server.api_with_token("POST", "/api/v1/auth/tokens", secret,
                                          {"name": "x", "scopes": ["calls.read"]})
        self.assertEqual(status, 403, "a token cannot create tokens")

        status, _ = server.api("DELETE", f"/api/v1/auth/tokens/{created['id']}")
        self.assertEqual(status, 204)
        status, _ = server.api_with_token("GET", "/api/v1/calls", secret)
        self.assertEqual(status, 401, "revocation is immediate")

        audit = self.audit_rows(server, "object_type=auth.tokens", server.admin_token, 3)
        self.assertEqual([row["status"] for row in audit["items"]], [204, 403, 201], audit)
        self.assertNotIn(secret, json.dumps(audit))


if __name__ == "__main__":
    unittest.main()

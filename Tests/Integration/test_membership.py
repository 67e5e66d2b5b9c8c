"""Vetted membership end to end through the real binary and a real server:
init-root → init → the admin appoints a moderator → a business applies →
the moderator approves → the member logs in → is renewed → is suspended →
its token is refused → reinstated → its personal data erased."""
import json
import os
import re
import unittest

from harness import PASSPHRASE, DataDir, Server, run_cli

ENV = {"TRUSTFORUM_PASSPHRASE": PASSPHRASE}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class Profile:
    def __init__(self, directory, name):
        self.path = os.path.join(directory, name)

    def run(self, *args, expect=0):
        code, out, err = run_cli(*args, "--profile", self.path, env=ENV)
        if expect is not None and code != expect:
            raise AssertionError(f"trustforum {' '.join(args)} exited {code} (wanted {expect}):\n{out}\n{err}")
        return code, out, err

    def session_token(self):
        with open(os.path.join(self.path, "profile.json")) as f:
            return json.load(f)["session"]["token"]


class MembershipEndToEnd(unittest.TestCase):
    def setUp(self):
        self.dir = DataDir()
        self.server = Server(self.dir.data).start()
        self.url = f"http://127.0.0.1:{self.server.port}"
        with open(os.path.join(self.dir.path, "root.json")) as f:
            self.fingerprint = json.load(f)["fingerprint"]
        self.admin = Profile(self.dir.path, "root-profile")

    def tearDown(self):
        self.server.terminate()
        self.dir.cleanup()

    def apply(self, profile, kvk, email):
        profile.run("keys", "init", "--kdf", "interactive")
        _, out, _ = profile.run("apply", "--server", self.url, "--root-fingerprint", self.fingerprint,
                                "--org-name", "Haven Logistiek BV", "--kvk", kvk, "--sector", "logistics",
                                "--region", "zuid-holland", "--size", "50-249", "--name", "Jan de Vries", "--email", email)
        line = next(l for l in out.splitlines() if "application id" in l)
        return UUID.search(line).group(0)

    def test_from_root_to_erasure(self):
        self.admin.run("login", "--server", self.url)

        moderator = Profile(self.dir.path, "moderator")
        moderator_id = self.apply(moderator, "11112222", "moderator@forum.example")
        self.admin.run("applications", "approve", moderator_id, "--role", "moderator")
        moderator.run("login")

        business = Profile(self.dir.path, "business")
        member_id = self.apply(business, "33334444", "jan@haven.example")
        # The applicant logs in and sees only its own application.
        business.run("login")
        _, out, _ = business.run("whoami", "--json")
        self.assertEqual(json.loads(out)["status"], "applicant")
        status, _, _ = self.server.request("GET", "/v1/community/log",
                                           headers={"Authorization": "Bearer " + business.session_token()})
        self.assertEqual(status, 403)

        _, out, _ = moderator.run("applications", "list", "--json")
        self.assertIn(member_id, [a["application_id"] for a in json.loads(out)["applications"]])
        moderator.run("applications", "approve", member_id)
        business.run("login")
        _, out, _ = business.run("whoami", "--json")
        me = json.loads(out)
        self.assertEqual((me["status"], me["role"]), ("active", "member"))
        business.run("members", "keys", member_id)
        # Renewal before expiry is a new certificate for the same keys and role.
        moderator.run("members", "renew", member_id, "--validity-days", "200")
        _, out, _ = business.run("members", "keys", member_id)
        self.assertRegex(out, r"certificates\s+2")
        token = business.session_token()

        moderator.run("members", "suspend", member_id, "--reason", "Sales pitch in a thread.")
        status, _, body = self.server.request("GET", "/v1/me", headers={"Authorization": "Bearer " + token})
        self.assertEqual(status, 401)
        self.assertEqual(json.loads(body)["type"], "urn:trustforum:problem:invalid-session")
        business.run("login", expect=1)

        moderator.run("members", "reinstate", member_id)
        business.run("login")
        business.run("whoami")

        self.admin.run("members", "erase", member_id)
        _, out, _ = moderator.run("members", "show", member_id, "--json")
        shown = json.loads(out)
        self.assertTrue(shown["erased"])
        self.assertNotIn("contact", shown)
        # The chain still verifies after the erasure.
        business.run("members", "keys", member_id)

        code, out, err = run_cli("audit", "verify", "--data", self.dir.data)
        self.assertEqual(code, 0, err)
        # Erased means gone from the files too: secure_delete and a WAL checkpoint.
        for name in ("trustforum.sqlite3", "trustforum.sqlite3-wal"):
            path = os.path.join(self.dir.data, name)
            if os.path.exists(path):
                with open(path, "rb") as f:
                    self.assertNotIn(b"jan@haven.example", f.read(), name)


if __name__ == "__main__":
    unittest.main()

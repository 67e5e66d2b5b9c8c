"""End to end: the Python client against the real trustforum binary.

Every server runs on 127.0.0.1 on a free port, in a temporary directory, and
every step is bounded in time. TRUSTFORUM_BIN names the binary (default
.build/debug/trustforum of this repository).
"""

import base64
import json
import os
import time
import types
import unittest

import tfclient as tf
from interop_support import (FINGERPRINT, UUID, CLIError, Server, Watchdog, Workspace, organisation, say)


class ServerTestCase(unittest.TestCase):
    """A server started from a root made in Python, shared by the class."""

    @classmethod
    def start_python_rooted_server(cls):
        cls.ws = Workspace()
        try:
            cls.root_keys = tf.Keys.generate()
            # Issued an hour ago, so that certificates may be issued a little in the past.
            cls.root_cert, cls.root_entry, text = tf.make_root(cls.root_keys, issued_at=int(time.time()) - 3600)
            cls.root_id = cls.root_cert.certificate.member_id
            cls.community_id = cls.root_cert.certificate.community_id
            cls.pin = cls.root_keys.fingerprint
            root_file = cls.ws.path("root.json")
            with open(root_file, "w", encoding="utf-8") as f:
                f.write(text)
            cls.server = Server(cls.ws, root_file)
            cls.server.init()
            cls.server.start()
        except BaseException:
            cls.stop_server()
            raise

    @classmethod
    def stop_server(cls):
        server = getattr(cls, "server", None)
        if server is not None:
            server.stop()
        cls.ws.cleanup()

    def setUp(self):
        watchdog = Watchdog()
        watchdog.__enter__()
        self.addCleanup(watchdog.__exit__, None, None, None)

    @classmethod
    def client(cls, keys, member_id=None) -> tf.Client:
        return tf.Client(cls.server.url, keys, member_id)

    @classmethod
    def admin(cls) -> tf.Client:
        admin = cls.client(cls.root_keys, cls.root_id)
        admin.community(cls.pin)
        admin.login()
        return admin

    @classmethod
    def applicant(cls, n: int) -> tf.Client:
        """A new applicant with organisation(n); at most 5 per server (the
        server's rate limit for applications per address)."""
        c = cls.client(tf.Keys.generate())
        c.community(cls.pin)
        answer = c.apply(**organisation(n))
        if answer["status"] != "pending":
            raise AssertionError(f"application {n}: {answer}")
        return c

    @classmethod
    def moderator(cls, admin: tf.Client, n: int) -> tf.Client:
        mod = cls.applicant(n)
        admin.approve(mod.member_id, role="moderator")
        mod.login()
        return mod

    def assertRefused(self, status: int, slug: str, call, *args, **kwargs):
        with self.assertRaises(tf.APIError) as refused:
            call(*args, **kwargs)
        self.assertEqual((refused.exception.status, refused.exception.slug), (status, slug), str(refused.exception))
        return refused.exception


class PythonOnlyCommunity(ServerTestCase):
    """Python root -> the Python admin approves a Python moderator -> the Python
    moderator approves a Python member. Only `init` and `serve` are Swift."""

    @classmethod
    def setUpClass(cls):
        cls.start_python_rooted_server()

    @classmethod
    def tearDownClass(cls):
        cls.stop_server()

    def test_python_only_community(self):
        # init imported the Python root as entry 0.
        self.assertIn(self.community_id, self.server.init_output)
        self.assertIn(self.pin, self.server.init_output)
        # The public community document: entry 0 verifies against the pinned root.
        admin = self.client(self.root_keys, self.root_id)
        doc = admin.community(self.pin)
        self.assertEqual((doc["community_id"], doc["server_origin"], doc["root_fingerprint"]),
                         (self.community_id, self.server.url, self.pin))
        self.assertEqual(tf.LogEntry.from_json(doc["root"]), tf.LogEntry(
            0, "root", self.root_id, self.root_entry.payload, tf.GENESIS, self.root_entry.signature, doc["root"]["created_at"]))
        self.assertEqual(doc["head"]["seq"], 0)
        self.assertEqual(doc["head"]["hash"], tf.b64e(self.root_entry.entry_hash(self.community_id)))
        session = admin.login()
        self.assertEqual((session["status"], session["role"]), ("active", "admin"))
        me = admin.me()
        self.assertEqual((me["status"], me["role"], me["community_id"]), ("active", "admin", self.community_id))

        register = admin.register_policy()
        for key, value in (("sectors", "ict-services"), ("regions", "utrecht"), ("sizes", "10-49")):
            self.assertIn(value, register[key])

        # The moderator applies; as an applicant it sees its application and the log.
        mod = self.applicant(11)
        mod.login()
        me = mod.me()
        self.assertEqual((me["status"], me["application"]["status"]), ("applicant", "pending"))
        decision = admin.approve(mod.member_id, role="moderator")
        self.assertEqual((decision["status"], decision["seq"]), ("approved", 1))
        mod.login()
        me = mod.me()
        self.assertEqual((me["status"], me["role"]), ("active", "moderator"))

        # The member applies; the moderator approves.
        member = self.applicant(12)
        decision = mod.approve(member.member_id)
        self.assertEqual((decision["status"], decision["seq"]), ("approved", 2))
        session = member.login()
        self.assertEqual((session["status"], session["role"]), ("active", "member"))
        me = member.me()
        self.assertEqual((me["status"], me["role"], me["organisation"]), ("active", "member", organisation(12)["org_name"]))

        # The member verifies the whole log and its own chain.
        state = member.verify_log()
        self.assertEqual(state.head_seq, 2)
        self.assertEqual({m: (s.role, s.status) for m, s in state.members.items()},
                         {self.root_id: ("admin", "active"), mod.member_id: ("moderator", "active"),
                          member.member_id: ("member", "active")})
        bundle = member.verify_own_chain()
        self.assertEqual([e["seq"] for e in bundle["chain"]], [0, 1, 2])
        self.assertEqual(bundle["certificate_seqs"], [2])
        self.assertEqual(member.verify_member_chain(mod.member_id)["certificate_seqs"], [1])
        self.assertEqual(member.verify_member_chain(self.root_id)["certificate_seqs"], [0])
        # Everyone sees the same log.
        self.assertEqual((admin.verify_log().head, mod.verify_log().head), (state.head, state.head))


class PythonCommunityChecks(ServerTestCase):
    """Checks on a community made in Python: tampered logs, login answers,
    sanctions, the role policy."""

    @classmethod
    def setUpClass(cls):
        cls.start_python_rooted_server()
        cls._people = None

    @classmethod
    def tearDownClass(cls):
        cls.stop_server()

    def people(self):
        """The admin, a moderator and a member, made once for the class."""
        if PythonCommunityChecks._people is None:
            admin = self.admin()
            mod = self.moderator(admin, 1)
            member = self.applicant(2)
            mod.approve(member.member_id)
            member.login()
            PythonCommunityChecks._people = types.SimpleNamespace(admin=admin, mod=mod, member=member)
        return PythonCommunityChecks._people

    def test_tampered_reordered_and_truncated_logs_are_refused(self):
        p = self.people()
        entries, head = p.member.fetch_log()
        self.assertGreaterEqual(len(entries), 3)
        good = tf.verify_entries(self.community_id, self.pin, entries, head)

        def refused(kind, entries, head=head, pin=self.pin, known=None):
            with self.assertRaises(tf.ProtocolError) as caught:
                tf.verify_entries(self.community_id, pin, entries, head, known=known)
            self.assertEqual(caught.exception.kind, kind, str(caught.exception))

        def altered(seq, key, change):
            copy = json.loads(json.dumps(entries))
            copy[seq][key] = change(copy[seq][key])
            return copy

        def flip(index):
            def change(text):
                raw = bytearray(base64.b64decode(text))
                raw[index % len(raw)] ^= 0x01
                return base64.b64encode(bytes(raw)).decode()
            return change

        for seq in range(len(entries)):
            with self.subTest("signature", seq=seq):
                refused("bad-signature", altered(seq, "signature", flip(seq + 7)))
            with self.subTest("payload", seq=seq):      # the certificate's own signature, inside the payload
                refused("bad-signature", altered(seq, "payload", flip(-1)))
            with self.subTest("prev_hash", seq=seq):
                refused("broken-chain", altered(seq, "prev_hash", flip(0)))
        # The actor id is not signed; another member's key does not verify.
        refused("bad-signature", altered(2, "actor_id", lambda _: self.root_id))      # signed by the moderator
        refused("not-allowed", altered(1, "actor_id", lambda _: p.mod.member_id))     # not a member before entry 1
        # Reordered, truncated (at the end, in the middle, at the start), replayed.
        refused("broken-chain", [entries[0], entries[2], entries[1]] + entries[3:])
        refused("broken-chain", entries[:-1])
        refused("broken-chain", entries[:1] + entries[2:])
        refused("broken-chain", entries[1:])
        refused("broken-chain", entries + entries[-1:])
        # A head that claims more than was sent, or another hash.
        refused("broken-chain", entries, head={"seq": head["seq"] + 1, "hash": head["hash"]})
        refused("broken-chain", entries, head={"seq": head["seq"], "hash": flip(0)(head["hash"])})
        # Backwards and forks against what this client saw before.
        refused("broken-chain", entries[:-1], head=None, known=(good.head_seq, good.head))
        refused("broken-chain", entries, known=(1, bytes(32)))
        tf.verify_entries(self.community_id, self.pin, entries, head,
                          known=(1, tf.verify_entries(self.community_id, self.pin, entries[:2]).head))
        # Another root than the pinned one; a kind that does not fit the payload.
        refused("not-allowed", entries, pin=tf.Keys.generate().fingerprint)
        refused("malformed", altered(1, "kind", lambda _: "suspend"))
        # The client's own verify_log refuses the same: a tampered log, and a truncated one it saw whole before.
        with self.assertRaises(tf.ProtocolError):
            p.member.verify_log(altered(2, "signature", flip(3)), head)
        p.member.verify_log()
        with self.assertRaises(tf.ProtocolError):
            p.member.verify_log(entries[:-1], {"seq": head["seq"] - 1, "hash": tf.b64e(good.entries[-2].entry_hash(self.community_id))})

    def test_a_key_bundle_that_differs_from_the_log_is_refused(self):
        p = self.people()
        member = p.member
        member.verify_log()
        bundle = member.keys_of(member.member_id)
        member.verify_own_chain()

        def refused(kind, change):
            copy = json.loads(json.dumps(bundle))
            change(copy)
            with self.assertRaises(tf.ProtocolError) as caught:
                member.verify_member_chain(member.member_id, copy)
            self.assertEqual(caught.exception.kind, kind, str(caught.exception))

        other = tf.Keys.generate()
        refused("mismatch", lambda b: b["chain"][-1].update(created_at=b["chain"][-1]["created_at"] + 1))
        refused("mismatch", lambda b: b["chain"][1].update(signature=tf.b64e(bytes(64))))
        refused("mismatch", lambda b: b["chain"].pop(0))
        refused("mismatch", lambda b: b["chain"].pop(1))
        refused("mismatch", lambda b: b.update(sign_public_key=tf.b64e(other.sign_pk)))
        refused("mismatch", lambda b: b.update(role="moderator"))
        refused("mismatch", lambda b: b.update(certificate_seqs=[1]))
        refused("broken-chain", lambda b: b["head"].update(seq=b["head"]["seq"] - 1))
        refused("broken-chain", lambda b: b["head"].update(hash=tf.b64e(bytes(32))))
        # Our own bundle must be our keys, even when the log agrees with the server.
        impostor = tf.Client(self.server.url, other, member.member_id)
        impostor.community(self.pin)
        impostor.token = member.token
        impostor.verify_log()
        with self.assertRaises(tf.ProtocolError):
            impostor.verify_own_chain()

    def test_the_log_pages_the_same(self):
        p = self.people()
        entries, head = p.member.fetch_log()
        self.assertEqual(p.member.fetch_log(limit=1), (entries, head))
        self.assertEqual(p.member.call("GET", "/v1/community/log?after=0&limit=1")["entries"], entries[1:2])

    def test_login_answers_are_checked_by_the_server(self):
        p = self.people()
        member = p.member
        # A login answer signed for another origin is refused (401), and it used up the challenge.
        challenge = member.challenge()
        raw = tf.b64d(challenge["challenge"], 32)
        wrong = member.login_signature(raw, origin="http://evil.example:8080")
        body = {"member_id": member.member_id, "challenge": challenge["challenge"], "signature": tf.b64e(wrong)}
        self.assertRefused(401, "login-failed", member.http.request, "POST", "/v1/auth/session", body)
        body["signature"] = tf.b64e(member.login_signature(raw))
        self.assertRefused(401, "login-failed", member.http.request, "POST", "/v1/auth/session", body)
        # Another community id, and another member's key.
        for community, signer in ((tf.new_id(), member.member_id), (self.community_id, p.mod.member_id)):
            fresh = member.challenge()
            sig = member.keys.sign(tf.login_message(member.origin, community, signer, tf.b64d(fresh["challenge"], 32)))
            self.assertRefused(401, "login-failed", member.http.request, "POST", "/v1/auth/session",
                               {"member_id": member.member_id, "challenge": fresh["challenge"], "signature": tf.b64e(sig)})
        # The right answer works, once.
        fresh = member.challenge()
        body = {"member_id": member.member_id, "challenge": fresh["challenge"],
                "signature": tf.b64e(member.login_signature(tf.b64d(fresh["challenge"], 32)))}
        status, session = member.http.request("POST", "/v1/auth/session", body)
        self.assertEqual(status, 201)
        self.assertRefused(401, "login-failed", member.http.request, "POST", "/v1/auth/session", body)
        member.token = session["token"]
        self.assertEqual(member.me()["status"], "active")
        # The client refuses a server that calls itself by another origin than the one it reached.
        other = tf.Client(self.server.url.replace("127.0.0.1", "localhost"), member.keys, member.member_id)
        with self.assertRaises(tf.ProtocolError) as caught:
            other.community(self.pin)
        self.assertEqual(caught.exception.kind, "mismatch")
        with self.assertRaises(tf.ProtocolError):
            other.challenge()

    def test_sanctions_signed_in_python_are_checked_alike(self):
        p = self.people()
        mod, member, admin = p.mod, p.member, p.admin
        # A moderator may not suspend the admin (roles.json, and the root is never sanctioned).
        self.assertRefused(403, "not-allowed", mod.sanction, "suspend", self.root_id, "no")
        # Nobody reinstates an active member.
        self.assertRefused(422, "invalid-entry", mod.sanction, "reinstate", member.member_id)
        result = mod.sanction("suspend", member.member_id, "interop test: suspended")
        self.assertEqual(result["status"], "suspended")
        # Suspension ends the member's sessions and stops its logins.
        self.assertRefused(401, "invalid-session", member.me)
        self.assertRefused(401, "login-failed", member.login)
        state = admin.verify_log()
        self.assertEqual(state.members[member.member_id].status, "suspended")
        self.assertEqual(admin.verify_member_chain(member.member_id)["status"], "suspended")
        last = state.entries[-1]
        self.assertEqual((last.kind, last.actor_id), ("suspend", mod.member_id))
        self.assertEqual(tf.parse_sanction_payload("suspend", last.payload),
                         (member.member_id, tf.H("interop test: suspended".encode())))
        # The server hashes the reason trimmed: an entry signed over untrimmed text does not verify there.
        self.assertRefused(422, "bad-signature", mod.call, "POST", f"/v1/members/{member.member_id}/reinstate",
                           mod.sanction_body("reinstate", member.member_id, " back "))
        with self.assertRaises(ValueError):
            mod.sanction("reinstate", member.member_id, " back ")
        # Reinstated, it logs in again.
        self.assertEqual(mod.sanction("reinstate", member.member_id)["status"], "active")
        member.login()
        self.assertEqual(member.me()["status"], "active")
        self.assertEqual(member.verify_log().members[member.member_id].status, "active")
        member.verify_own_chain()

    def test_the_served_role_policy_is_the_repository_file(self):
        with open(os.path.join(tf.REPO_ROOT, "Policies", "roles.json"), encoding="utf-8") as f:
            self.assertEqual(self.admin().call("GET", "/v1/policies/roles", auth=False), json.load(f))


class ServerRefusals(ServerTestCase):
    """The server refuses, with the documented problem, what the Python
    verifier refuses; a refused request leaves no trace in the log. (A server
    of its own: applications are rate limited per address.)"""

    @classmethod
    def setUpClass(cls):
        cls.start_python_rooted_server()
        try:
            with Watchdog():
                cls.mod = cls.moderator(cls.admin(), 1)
        except BaseException:
            cls.stop_server()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.stop_server()

    def test_server_refuses_what_the_verifier_refuses(self):
        mod = self.mod
        before = mod.verify_log().head_seq
        # An application whose proof of possession does not verify.
        bad = self.client(tf.Keys.generate())
        bad.community(self.pin)
        bad.keys = types.SimpleNamespace(sign_pk=bad.keys.sign_pk, box_pk=bad.keys.box_pk, fingerprint=bad.keys.fingerprint,
                                         sign=tf.Keys.generate().sign)
        self.assertRefused(422, "bad-signature", bad.apply, **organisation(3))

        applicant = self.applicant(4)
        application = mod.call("GET", f"/v1/applications/{applicant.member_id}")
        self.assertNotIn("org_id", application)      # a new organisation: the field is left out (not null)

        def certificate(role="member", issuer=mod.member_id, org=None):
            now = int(time.time())
            return tf.Certificate(self.community_id, applicant.member_id, org or tf.new_id(), role, applicant.keys.sign_pk,
                                  applicant.keys.box_pk, now, now + 86400 * 30, issuer)

        path = f"/v1/applications/{applicant.member_id}/approve"
        # A moderator may not certify a moderator (roles.json).
        signed = tf.SignedCertificate.issue(certificate("moderator"), mod.keys)
        self.assertRefused(403, "not-allowed", mod.call, "POST", path, mod.certify_body(signed))
        # A certificate signed by another key than the issuer's.
        signed = tf.SignedCertificate.issue(certificate(), applicant.keys)
        self.assertRefused(422, "bad-signature", mod.call, "POST", path, mod.certify_body(signed))
        # A certificate that names another issuer.
        signed = tf.SignedCertificate.issue(certificate(issuer=self.root_id), mod.keys)
        self.assertRefused(422, "certificate-mismatch", mod.call, "POST", path, mod.certify_body(signed))
        # An entry signed at a stale position, and an entry whose signature is broken.
        signed = tf.SignedCertificate.issue(certificate(), mod.keys)
        state = mod.verify_log()
        stale = (state.next_seq - 1, state.entries[-1].prev_hash)
        self.assertRefused(409, "log-moved", mod.call, "POST", path, mod.certify_body(signed, stale))
        body = mod.certify_body(signed)
        body["entry"]["signature"] = tf.b64e(bytes(64))
        self.assertRefused(422, "bad-signature", mod.call, "POST", path, body)
        # None of them left a trace; the right one is entry before + 1.
        self.assertEqual(mod.verify_log().head_seq, before)
        self.assertEqual(mod.call("POST", path, mod.certify_body(signed))["seq"], before + 1)
        again = tf.SignedCertificate.issue(certificate(org=application.get("org_id")), mod.keys)
        self.assertRefused(409, "already-decided", mod.call, "POST", path, mod.certify_body(again))
        applicant.login()
        self.assertEqual(applicant.me()["role"], "member")
        state = applicant.verify_log()
        self.assertEqual(state.head_seq, before + 1)
        applicant.verify_own_chain()


class ReKeyedIssuer(ServerTestCase):
    """An admin gives the moderator a new key (with the old key's signature)
    after the moderator certified a member."""

    @classmethod
    def setUpClass(cls):
        cls.start_python_rooted_server()
        try:
            with Watchdog():
                cls.admin_client = cls.admin()
                cls.mod = cls.moderator(cls.admin_client, 1)
                cls.member = cls.applicant(2)
                cls.mod.approve(cls.member.member_id)
                cls.member.login()
                state = cls.admin_client.verify_log()
                old = state.members[cls.mod.member_id].current.certificate
                cls.old_mod_keys = cls.mod.keys
                cls.new_mod_keys = tf.Keys.generate()
                # Issued 5 s before the member's certificate (the server accepts an issue time up to a day back;
                # the same second, as a fast client gives, has the same effect).
                issued = state.members[cls.member.member_id].current.certificate.issued_at - 5
                cert = tf.Certificate(old.community_id, old.member_id, old.org_id, "moderator", cls.new_mod_keys.sign_pk,
                                      cls.new_mod_keys.box_pk, issued, issued + 365 * 86400, cls.root_id)
                signed = tf.SignedCertificate.issue(cert, cls.root_keys, old_keys=cls.old_mod_keys)
                cls.rekey = cls.admin_client.call("POST", f"/v1/members/{cls.mod.member_id}/certificates",
                                                  cls.admin_client.certify_body(signed))
        except BaseException:
            cls.stop_server()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.stop_server()

    def test_a_key_change_signed_by_the_old_key(self):
        self.assertEqual(self.rekey["status"], "active")
        state = self.member.verify_log()
        mod = state.members[self.mod.member_id]
        self.assertEqual([seq for seq, _ in mod.certificates], [1, 3])
        self.assertFalse(mod.unverified_key_change)
        self.assertIsNotNone(mod.current.key_change_signature)
        bundle = self.member.keys_of(self.mod.member_id)
        self.assertEqual((bundle["sign_public_key"], bundle["unverified_key_change"]),
                         (tf.b64e(self.new_mod_keys.sign_pk), False))
        self.member.verify_member_chain(self.mod.member_id, bundle)
        # The new key logs in; the old one no longer does.
        self.assertRefused(401, "login-failed", self.mod.login)
        self.mod.keys = self.new_mod_keys
        self.mod.login()
        self.assertEqual(self.mod.me()["role"], "moderator")

    def test_a_key_change_without_the_old_key_is_flagged_alike(self):
        mod = tf.Client(self.server.url, self.new_mod_keys, self.mod.member_id)
        mod.community(self.pin)
        mod.login()
        other = self.applicant(3)
        mod.approve(other.member_id)
        state = mod.verify_log()
        old = state.members[other.member_id].current.certificate
        new_keys = tf.Keys.generate()
        now = int(time.time())
        cert = tf.Certificate(old.community_id, old.member_id, old.org_id, "member", new_keys.sign_pk, new_keys.box_pk,
                              now, now + 30 * 86400, mod.member_id)
        mod.call("POST", f"/v1/members/{other.member_id}/certificates", mod.certify_body(tf.SignedCertificate.issue(cert, mod.keys)))
        state = mod.verify_log()
        self.assertTrue(state.members[other.member_id].unverified_key_change)
        bundle = mod.verify_member_chain(other.member_id)
        self.assertTrue(bundle["unverified_key_change"])
        # A key-change signature by the wrong key is refused by the server and by the verifier.
        newer = tf.Keys.generate()
        cert = tf.Certificate(old.community_id, old.member_id, old.org_id, "member", newer.sign_pk, newer.box_pk,
                              now, now + 30 * 86400, mod.member_id)
        wrong = tf.SignedCertificate.issue(cert, mod.keys, old_keys=tf.Keys.generate())
        self.assertRefused(422, "bad-signature", mod.call, "POST", f"/v1/members/{other.member_id}/certificates",
                           mod.certify_body(wrong))
        entry = tf.LogEntry.sign(self.community_id, state.next_seq, "certify", mod.member_id, wrong.payload, state.head, mod.keys)
        with self.assertRaises(tf.ProtocolError) as caught:
            tf.verify_entries(self.community_id, self.pin, state.entries + [entry])
        self.assertEqual(caught.exception.kind, "bad-signature")

    def test_key_chain_carries_the_issuer_certificate_that_signed(self):
        """GET /v1/members/{id}/keys gives, for each issuer, the certificate
        that signed (its last one before the entry), not one picked by time:
        after the re-key above, the member's chain still carries seq 1, the
        moderator certificate whose key signed entry 2 (a bug this client found)."""
        self.member.verify_log()
        bundle = self.member.keys_of(self.member.member_id)
        self.assertEqual([e["seq"] for e in bundle["chain"]], [0, 1, 2])
        self.member.verify_own_chain()


class SwiftCLICommunity(unittest.TestCase):
    """The Swift CLI makes the root and the moderator, the Python client is a
    member certified by the Swift moderator. Skipped while the CLI has no
    `keys` command (branch wt-cli)."""

    @classmethod
    def setUpClass(cls):
        cls.ws = Workspace()
        probe = cls.ws.run("keys", "--help", check=False)
        # `trustforum keys --help` exits 0 even without a keys command (it prints the
        # top-level help), so look for the keys command's own usage line.
        if probe.returncode != 0 or "trustforum keys" not in probe.stdout:
            cls.ws.cleanup()
            reason = (f"`trustforum keys --help` does not describe a keys command (exit {probe.returncode}); "
                      "the Swift CLI steps (keys/apply/login/applications, branch wt-cli) have not landed")
            say("SKIP SwiftCLICommunity: " + reason)
            raise unittest.SkipTest(reason)
        cls.server = None

    @classmethod
    def tearDownClass(cls):
        if cls.server is not None:
            cls.server.stop()
        cls.ws.cleanup()

    def fingerprint_in(self, text: str) -> str:
        found = FINGERPRINT.findall(text)
        self.assertTrue(found, f"no fingerprint in:\n{text}")
        self.assertEqual(len(set(found)), 1, f"several fingerprints in:\n{text}")
        return found[0]

    def test_swift_cli_community(self):
        with Watchdog():
            ws = self.ws
            admin_profile, mod_profile = ws.path("ADMIN"), ws.path("MOD")
            root_file = ws.path("ROOT.json")
            out = ws.run("keys", "init-root", "--profile", admin_profile, "--out", root_file, "--kdf", "interactive").stdout
            pin = self.fingerprint_in(out)
            self.assertEqual(self.fingerprint_in(ws.run("keys", "show", "--profile", admin_profile).stdout), pin)
            # The Python client checks the public root file on its own.
            with open(root_file, encoding="utf-8") as f:
                community_id, entry0, file_fpr = tf.parse_root_file(f.read())
            self.assertEqual(file_fpr, pin)
            root_state = tf.verify_entries(community_id, pin, [entry0])
            root_id = root_state.root_id

            server = SwiftCLICommunity.server = Server(ws, root_file)
            out = server.init()
            self.assertIn(community_id, out)
            server.start()
            url = server.url
            ws.run("login", "--profile", admin_profile, "--server", url)

            # The admin appoints a moderator, all in Swift.
            ws.run("keys", "init", "--profile", mod_profile, "--kdf", "interactive")
            mod_fpr = self.fingerprint_in(ws.run("keys", "show", "--profile", mod_profile).stdout)
            org = organisation(21)
            apply_args = ["apply", "--profile", mod_profile, "--server", url, "--org-name", org["org_name"],
                          "--kvk", org["kvk_number"], "--sector", org["sector"], "--region", org["region"],
                          "--size", org["size"], "--name", org["name"], "--email", org["email"]]
            wrong_pin = tf.Keys.generate().fingerprint
            refused = ws.run(*apply_args, "--root-fingerprint", wrong_pin, check=False)
            self.assertNotEqual(refused.returncode, 0, "apply must refuse a server whose root is not the pinned one")
            out = ws.run(*apply_args, "--root-fingerprint", pin).stdout
            ids = [i for i in UUID.findall(out) if i not in (community_id, root_id)]
            self.assertTrue(ids, f"no application id in the output of apply:\n{out}")
            mod_id = ids[0]
            ws.run("applications", "approve", mod_id, "--profile", admin_profile, "--role", "moderator")
            ws.run("login", "--profile", mod_profile)

            # The Python client: pins the root printed by init-root, applies, is approved by the Swift moderator.
            py = tf.Client(url, tf.Keys.generate())
            doc = py.community(pin)
            self.assertEqual((doc["community_id"], doc["root_fingerprint"]), (community_id, pin))
            self.assertEqual(tf.LogEntry.from_json(doc["root"]).signature, entry0.signature)
            py.apply(**organisation(22))
            ws.run("applications", "approve", py.member_id, "--profile", mod_profile)
            session = py.login()
            self.assertEqual((session["status"], session["role"]), ("active", "member"))
            me = py.me()
            self.assertEqual((me["status"], me["role"]), ("active", "member"))
            state = py.verify_log()
            self.assertEqual(state.head_seq, 2)
            self.assertEqual({m: (s.role, s.status) for m, s in state.members.items()},
                             {root_id: ("admin", "active"), mod_id: ("moderator", "active"), py.member_id: ("member", "active")})
            self.assertEqual(state.members[mod_id].current.certificate.fingerprint, mod_fpr)
            bundle = py.verify_own_chain()
            self.assertEqual(bundle["certificate_seqs"], [2])
            py.verify_member_chain(mod_id)
            # A login answer for another origin is refused by the server.
            challenge = py.challenge()
            wrong = py.login_signature(tf.b64d(challenge["challenge"], 32), origin="https://forum.example.nl")
            with self.assertRaises(tf.APIError) as caught:
                py.http.request("POST", "/v1/auth/session", {"member_id": py.member_id, "challenge": challenge["challenge"],
                                                               "signature": tf.b64e(wrong)})
            self.assertEqual(caught.exception.status, 401)


if __name__ == "__main__":
    unittest.main()

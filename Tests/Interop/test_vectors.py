"""tfclient against every case of protocol-vectors.json (a copy of
../shared/protocol-vectors.json kept beside this file; nothing is fetched).

Who signs what and a few field types are implicit in the file; how each was
read is said at the test (and in README.md).
"""

import base64
import hashlib
import hmac
import json
import os
import unittest

import nacl.bindings
import nacl.exceptions
import nacl.hash
import nacl.encoding
import nacl.public

import tfclient as tf

HERE = os.path.dirname(os.path.abspath(__file__))

with open(os.path.join(HERE, "protocol-vectors.json"), encoding="utf-8") as _f:
    VECTORS = json.load(_f)["cases"]


def hx(text: str) -> bytes:
    return bytes.fromhex(text)


def case(name: str) -> dict:
    return VECTORS[name]


def keys(name: str) -> tf.Keys:
    k = case("keys")[name]
    return tf.Keys.from_seeds(hx(k["sign_seed"]), hx(k["box_seed"]))


CERT = case("certificate")
POST = case("post")["context"]
COMMUNITY_ID = CERT["community_id"]
ADMIN_ID = CERT["issuer_id"]     # the certificate's issuer is the admin
ALICE_ID = CERT["member_id"]     # its subject is alice


def alice_certificate() -> tf.Certificate:
    alice = keys("alice")
    return tf.Certificate(CERT["community_id"], CERT["member_id"], CERT["org_id"], CERT["role"], alice.sign_pk, alice.box_pk,
                          CERT["issued_at"], CERT["expires_at"], CERT["issuer_id"])


def root_certificate() -> tf.SignedCertificate:
    """community_log_entry0's payload is only described ("root certificate
    bytes ‖ signature"); it is the admin's self-signed admin certificate with
    the certificate case's org id and times (the only reading whose H(payload)
    is the hash framed in the entry bytes)."""
    admin = keys("admin")
    cert = tf.Certificate(COMMUNITY_ID, ADMIN_ID, CERT["org_id"], "admin", admin.sign_pk, admin.box_pk,
                          CERT["issued_at"], CERT["expires_at"], ADMIN_ID)
    return tf.SignedCertificate.issue(cert, admin)


class FrameAndHash(unittest.TestCase):
    def test_frame(self):
        c = case("frame")
        self.assertEqual(c["fields"], ["abc", 42, "hex:00ff"])
        # A string, an integer (u64) and a binary value ("hex:" prefix).
        fields = [c["fields"][0], c["fields"][1], hx(c["fields"][2][4:])]
        self.assertEqual(tf.frame(c["context"], *fields).hex(), c["expected"])

    def test_frame_reader_reads_it_back(self):
        reader = tf.FrameReader(hx(case("frame")["expected"]), "trustforum/test/v1")
        self.assertEqual((reader.string(), reader.u64(), reader.fixed(2)), ("abc", 42, b"\x00\xff"))
        reader.finish()
        with self.assertRaises(tf.ProtocolError):
            tf.FrameReader(hx(case("frame")["expected"]), "trustforum/other/v1")
        truncated = tf.FrameReader(hx(case("frame")["expected"])[:-1], "trustforum/test/v1")
        truncated.next(), truncated.next()
        with self.assertRaises(tf.ProtocolError):
            truncated.next()

    def test_frame_refuses_what_has_no_encoding(self):
        for bad in (True, -1, 1 << 64, 1.5, None):
            with self.assertRaises((TypeError, ValueError)):
                tf.frame("trustforum/test/v1", bad)

    def test_hash(self):
        c = case("hash")
        self.assertTrue(c["input"].startswith("hex:"))
        data = hx(c["input"][4:])
        self.assertEqual(data, b"trustforum")
        self.assertEqual(tf.H(data).hex(), c["expected"])
        # The same through nacl.hash.blake2b and through the standard library.
        self.assertEqual(nacl.hash.blake2b(data, digest_size=32, encoder=nacl.encoding.RawEncoder).hex(), c["expected"])
        self.assertEqual(hashlib.blake2b(data, digest_size=32).hexdigest(), c["expected"])


class KeysAndFingerprints(unittest.TestCase):
    def test_keys_from_seeds_and_fingerprints(self):
        for name in ("admin", "alice"):
            with self.subTest(name):
                k = case("keys")[name]
                key = keys(name)
                self.assertEqual(key.sign_pk.hex(), k["sign_pk"])
                self.assertEqual(key.box_pk.hex(), k["box_pk"])
                self.assertEqual(tf.fingerprint(hx(k["sign_pk"]), hx(k["box_pk"])), k["fingerprint"])
                self.assertEqual(key.fingerprint, k["fingerprint"])
                # crypto_box_seed_keypair directly.
                pk, _ = nacl.bindings.crypto_box_seed_keypair(hx(k["box_seed"]))
                self.assertEqual(pk.hex(), k["box_pk"])


class Certificates(unittest.TestCase):
    def test_bytes_signature_and_cert_hash(self):
        cert = alice_certificate()
        self.assertEqual(cert.to_bytes().hex(), CERT["bytes"])
        signed = tf.SignedCertificate.issue(cert, keys("admin"))
        self.assertEqual(signed.signature.hex(), CERT["issuer_signature"])   # Ed25519 is deterministic
        self.assertEqual(signed.cert_hash.hex(), CERT["cert_hash"])
        self.assertTrue(signed.signed_by(keys("admin").sign_pk))
        self.assertFalse(signed.signed_by(keys("alice").sign_pk))

    def test_parse_round_trip_and_payload(self):
        parsed = tf.Certificate.parse(hx(CERT["bytes"]))
        self.assertEqual(parsed, alice_certificate())
        payload = hx(CERT["bytes"]) + hx(CERT["issuer_signature"])
        signed = tf.SignedCertificate.parse_payload(payload)
        self.assertEqual(signed.certificate, alice_certificate())
        self.assertIsNone(signed.key_change_signature)
        self.assertEqual(signed.cert_hash.hex(), CERT["cert_hash"])

    def test_parse_refuses_malformed(self):
        data = hx(CERT["bytes"])
        for bad in (data[:-1], data + b"\x00", data.replace(b"member", b"MEMBER"),
                    data.replace(CERT["member_id"].encode(), CERT["member_id"].upper().encode())):
            with self.assertRaises(tf.ProtocolError):
                tf.Certificate.parse(bad)
        for rest in (b"", b"\x00" * 63, b"\x00" * 100, b"\x00" * 129):
            with self.assertRaises(tf.ProtocolError):
                tf.SignedCertificate.parse_payload(data + rest)


class CommunityLogEntry0(unittest.TestCase):
    def test_bytes_signature_and_entry_hash(self):
        c = case("community_log_entry0")
        self.assertEqual(c["kind"], "root")
        root = root_certificate()
        entry = tf.LogEntry.sign(COMMUNITY_ID, 0, "root", ADMIN_ID, root.payload, tf.GENESIS, keys("admin"))
        self.assertEqual(entry.signed_bytes(COMMUNITY_ID).hex(), c["bytes"])
        self.assertEqual(entry.signature.hex(), c["signature"])
        self.assertEqual(entry.entry_hash(COMMUNITY_ID).hex(), c["entry_hash"])

    def test_the_log_verifier_accepts_it_against_the_pinned_root(self):
        root = root_certificate()
        entry = tf.LogEntry(0, "root", ADMIN_ID, root.payload, tf.GENESIS, hx(case("community_log_entry0")["signature"]))
        admin_fpr = case("keys")["admin"]["fingerprint"]
        state = tf.verify_entries(COMMUNITY_ID, admin_fpr, [entry])
        self.assertEqual(state.head.hex(), case("community_log_entry0")["entry_hash"])
        self.assertEqual(state.members[ADMIN_ID].role, "admin")
        with self.assertRaises(tf.ProtocolError) as refused:
            tf.verify_entries(COMMUNITY_ID, case("keys")["alice"]["fingerprint"], [entry])
        self.assertEqual(refused.exception.kind, "not-allowed")
        flipped = bytearray(entry.signature)
        flipped[0] ^= 1
        with self.assertRaises(tf.ProtocolError) as refused:
            tf.verify_entries(COMMUNITY_ID, admin_fpr, [tf.LogEntry(0, "root", ADMIN_ID, root.payload, tf.GENESIS, bytes(flipped))])
        self.assertEqual(refused.exception.kind, "bad-signature")

    def test_a_certify_entry_for_alice_chains_after_it(self):
        """No vector covers seq > 0; this checks the verifier end to end on the
        vector keys: the admin certifies alice with the vector's certificate as
        entry 1 (roles.json lets admins certify every role), and a flipped
        certificate signature is refused."""
        root = root_certificate()
        admin = keys("admin")
        entry0 = tf.LogEntry.sign(COMMUNITY_ID, 0, "root", ADMIN_ID, root.payload, tf.GENESIS, admin)
        signed = tf.SignedCertificate(alice_certificate(), hx(CERT["bytes"]), hx(CERT["issuer_signature"]))
        entry1 = tf.LogEntry.sign(COMMUNITY_ID, 1, "certify", ADMIN_ID, signed.payload, entry0.entry_hash(COMMUNITY_ID), admin)
        state = tf.verify_entries(COMMUNITY_ID, admin.fingerprint, [entry0, entry1])
        self.assertEqual(state.members[ALICE_ID].role, "member")
        forged_sig = bytearray(hx(CERT["issuer_signature"]))
        forged_sig[5] ^= 1
        forged = tf.SignedCertificate(alice_certificate(), hx(CERT["bytes"]), bytes(forged_sig))
        bad = tf.LogEntry.sign(COMMUNITY_ID, 1, "certify", ADMIN_ID, forged.payload, entry0.entry_hash(COMMUNITY_ID), admin)
        with self.assertRaises(tf.ProtocolError) as refused:
            tf.verify_entries(COMMUNITY_ID, admin.fingerprint, [entry0, bad])
        self.assertEqual(refused.exception.kind, "bad-signature")


class Login(unittest.TestCase):
    def test_bytes_and_signature(self):
        c = case("login")
        # The member is the certificate's subject (alice); the challenge is framed as 32 raw bytes.
        data = tf.login_message(c["server_origin"], COMMUNITY_ID, ALICE_ID, hx(c["challenge"]))
        self.assertEqual(data.hex(), c["bytes"])
        self.assertEqual(keys("alice").sign(data).hex(), c["signature"])
        self.assertTrue(tf.verify_signature(keys("alice").sign_pk, hx(c["signature"]), data))
        self.assertEqual(tf.server_origin("HTTPS://Forum.Example.NL:443/"), c["server_origin"])

    def test_challenge_as_base64_text_would_not_match(self):
        c = case("login")
        as_text = tf.frame("trustforum/login/v1", c["server_origin"], COMMUNITY_ID, ALICE_ID,
                           base64.b64encode(hx(c["challenge"])).decode())
        self.assertNotEqual(as_text.hex(), c["bytes"])


class Origins(unittest.TestCase):
    def test_server_origin(self):
        for url, origin in (("http://127.0.0.1:8080", "http://127.0.0.1:8080"), ("http://127.0.0.1:80/", "http://127.0.0.1"),
                            ("HTTPS://Example.org", "https://example.org"), ("https://example.org:8443", "https://example.org:8443"),
                            ("http://[::1]:9000", "http://[::1]:9000")):
            self.assertEqual(tf.server_origin(url), origin)
        for bad in ("ftp://x", "http://x/path", "http://x?q", "x"):
            with self.assertRaises(ValueError):
                tf.server_origin(bad)


# Sections 4 and 5, first with frame/H/Ed25519/sealed boxes/XChaCha20-Poly1305/
# HMAC directly (how each field is read), then through tfclient's types
# (LibraryAgainstTheVectors, further down).

class ThreadAndMembershipLog(unittest.TestCase):
    def test_thread_record(self):
        c = case("thread_record")
        self.assertEqual(c["circle_id"], COMMUNITY_ID)     # the default circle is the community
        data = tf.frame("trustforum/thread/v1", COMMUNITY_ID, POST["thread_id"], POST["keyring_id"], c["circle_id"],
                        c["label"], POST["author_id"], hx(POST["author_cert_hash"]))
        self.assertEqual(data.hex(), c["bytes"])
        self.assertEqual(POST["author_cert_hash"], CERT["cert_hash"])
        self.assertEqual(keys("alice").sign(data).hex(), c["signature"])
        self.assertEqual(tf.H(data + hx(c["signature"])).hex(), c["entry_hash"])

    def test_membership_entry1(self):
        c = case("membership_entry1")
        self.assertEqual(c["prev_hash"], case("thread_record")["entry_hash"])
        self.assertEqual(c["member_id"], ADMIN_ID)
        # member_cert_hash is the admin's root certificate hash (not named in the file).
        data = tf.frame("trustforum/membership/v1", POST["keyring_id"], tf.u64(c["seq"]), c["action"], c["member_id"],
                        root_certificate().cert_hash, hx(c["prev_hash"]))
        self.assertEqual(data.hex(), c["bytes"])
        self.assertEqual(keys("alice").sign(data).hex(), c["signature"])
        self.assertEqual(tf.H(data + hx(c["signature"])).hex(), c["entry_hash"])


class EpochsAndWraps(unittest.TestCase):
    def test_epoch_key_check_and_signature(self):
        c = case("epoch")
        key_check = tf.H(tf.frame("trustforum/key-check/v1", POST["keyring_id"], tf.u64(c["epoch"]), hx(c["key"])))
        self.assertEqual(key_check.hex(), c["key_check"])
        # log_seq/log_head are the keyring log's position (membership_entry1).
        self.assertEqual((c["log_seq"], c["log_head"]), (case("membership_entry1")["seq"], case("membership_entry1")["entry_hash"]))
        data = tf.frame("trustforum/epoch/v1", COMMUNITY_ID, POST["keyring_id"], tf.u64(c["epoch"]), key_check,
                        tf.u64(c["log_seq"]), hx(c["log_head"]))
        self.assertEqual(keys("alice").sign(data).hex(), c["epoch_signature"])

    def test_wrap(self):
        c = case("wrap")
        epoch = case("epoch")
        self.assertEqual(c["recipient_id"], ADMIN_ID)
        sealed = hx(c["sealed"])
        self.assertEqual(keys("admin").open_sealed(sealed).hex(), epoch["key"])
        with self.assertRaises(nacl.exceptions.CryptoError):
            keys("alice").open_sealed(sealed)
        data = tf.frame("trustforum/wrap/v1", POST["keyring_id"], tf.u64(epoch["epoch"]), c["recipient_id"],
                        root_certificate().cert_hash, sealed)
        self.assertEqual(keys("alice").sign(data).hex(), c["wrap_signature"])
        fresh = nacl.public.SealedBox(keys("admin").box_sk.public_key).encrypt(hx(epoch["key"]))
        self.assertNotEqual(fresh, sealed)
        self.assertEqual(keys("admin").open_sealed(fresh).hex(), epoch["key"])


class Posts(unittest.TestCase):
    def test_franking_ad_ciphertext_and_signature(self):
        c = case("post")
        payload_text = c["payload_json"]
        payload = json.loads(payload_text)
        self.assertEqual(base64.b64decode(payload["franking_key"]).hex(), c["franking_key"])
        franking_input = tf.frame("trustforum/frank/v1", POST["post_id"], payload["body"], payload.get("title", ""),
                                  payload.get("reply_to", ""))
        tag = hmac.new(hx(c["franking_key"]), franking_input, hashlib.sha256).digest()
        self.assertEqual(tag.hex(), c["franking_tag"])
        fields = [POST["community_id"], POST["post_id"], POST["thread_id"], POST["label"], POST["keyring_id"],
                  tf.u64(POST["epoch"]), tf.u64(POST["log_seq"]), hx(POST["log_head"]), POST["author_id"],
                  hx(POST["author_cert_hash"]), tag, c["moderation"]]
        ad = tf.frame("trustforum/post/v1", *fields)
        padded = nacl.bindings.sodium_pad(payload_text.encode(), 256)
        self.assertEqual(len(padded), 256)
        key = hx(case("epoch")["key"])
        ciphertext = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(padded, ad, hx(c["nonce"]), key)
        self.assertEqual(ciphertext.hex(), c["ciphertext"])
        opened = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(hx(c["ciphertext"]), ad, hx(c["nonce"]), key)
        self.assertEqual(nacl.bindings.sodium_unpad(opened, 256), payload_text.encode())
        with self.assertRaises(nacl.exceptions.CryptoError):
            nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
                hx(c["ciphertext"]), tf.frame("trustforum/post/v1", *(fields[:-1] + ["hold"])), hx(c["nonce"]), key)
        # policy_version is framed as its 64 hex characters (text).
        signed = tf.frame("trustforum/post-sig/v1", *fields, hx(c["nonce"]), tf.H(ciphertext), c["policy_version"])
        self.assertEqual(keys("alice").sign(signed).hex(), c["signature"])
        as_raw = tf.frame("trustforum/post-sig/v1", *fields, hx(c["nonce"]), tf.H(ciphertext), hx(c["policy_version"]))
        self.assertFalse(tf.verify_signature(keys("alice").sign_pk, hx(c["signature"]), as_raw))


def vector_community() -> tf.LogVerifier:
    """The admin's root (entry 0) and alice certified by the admin (entry 1):
    the community the section 4-5 vectors live in."""
    admin = keys("admin")
    entry0 = tf.LogEntry.sign(COMMUNITY_ID, 0, "root", ADMIN_ID, root_certificate().payload, tf.GENESIS, admin)
    signed = tf.SignedCertificate(alice_certificate(), hx(CERT["bytes"]), hx(CERT["issuer_signature"]))
    entry1 = tf.LogEntry.sign(COMMUNITY_ID, 1, "certify", ADMIN_ID, signed.payload, entry0.entry_hash(COMMUNITY_ID), admin)
    return tf.verify_entries(COMMUNITY_ID, admin.fingerprint, [entry0, entry1])


def vector_record() -> tf.ThreadRecord:
    c = case("thread_record")
    return tf.ThreadRecord(COMMUNITY_ID, POST["thread_id"], POST["keyring_id"], c["circle_id"], c["label"], POST["author_id"],
                           hx(POST["author_cert_hash"]), hx(c["signature"]))


def vector_entry1() -> tf.MembershipEntry:
    c = case("membership_entry1")
    return tf.MembershipEntry(POST["keyring_id"], c["seq"], c["action"], c["member_id"], root_certificate().cert_hash,
                              hx(c["prev_hash"]), ALICE_ID, hx(c["signature"]))


class LibraryAgainstTheVectors(unittest.TestCase):
    """The same cases through tfclient's section 4-5 types, and the vectors'
    keyring log replayed by the verifier: alice (a member) creates an AMBER
    thread, adds the admin, makes epoch 1 and wraps it for the admin."""

    def test_thread_record_and_membership_entry(self):
        record = tf.ThreadRecord.sign(COMMUNITY_ID, POST["thread_id"], POST["keyring_id"], COMMUNITY_ID, "TLP:AMBER", ALICE_ID,
                                      hx(POST["author_cert_hash"]), keys("alice"))
        self.assertEqual(record, vector_record())
        self.assertEqual(record.signed_bytes.hex(), case("thread_record")["bytes"])
        self.assertEqual(record.hash.hex(), case("thread_record")["entry_hash"])
        self.assertEqual(tf.ThreadRecord.from_json(record.to_json(), COMMUNITY_ID), record)
        entry = tf.MembershipEntry.sign(POST["keyring_id"], 1, "add", ADMIN_ID, root_certificate().cert_hash, record.hash, ALICE_ID,
                                        keys("alice"))
        self.assertEqual(entry, vector_entry1())
        self.assertEqual(entry.signed_bytes.hex(), case("membership_entry1")["bytes"])
        self.assertEqual(entry.hash.hex(), case("membership_entry1")["entry_hash"])
        self.assertEqual(tf.MembershipEntry.from_json(entry.to_json(), POST["keyring_id"]), entry)

    def test_the_keyring_log_replays(self):
        log = tf.verify_keyring_log(vector_record(), [vector_entry1()], vector_community(),
                                    {"seq": 1, "hash": tf.b64e(hx(case("membership_entry1")["entry_hash"]))})
        self.assertEqual(log.holders(), {ALICE_ID, ADMIN_ID})
        self.assertTrue(log.held(ADMIN_ID, 1))
        self.assertFalse(log.held(ADMIN_ID, 0))

    def test_epoch_and_wrap(self):
        c, w = case("epoch"), case("wrap")
        key = hx(c["key"])
        epoch = tf.Epoch.make(COMMUNITY_ID, POST["keyring_id"], 1, key, c["log_seq"], hx(c["log_head"]), ALICE_ID, keys("alice"))
        self.assertEqual((epoch.key_check.hex(), epoch.signature.hex()), (c["key_check"], c["epoch_signature"]))
        self.assertTrue(epoch.matches(key))
        self.assertFalse(epoch.matches(bytes(32)))
        wrap = tf.Wrap(POST["keyring_id"], 1, w["recipient_id"], root_certificate().cert_hash, hx(w["sealed"]), ALICE_ID,
                       hx(w["wrap_signature"]))
        self.assertTrue(tf.verify_signature(keys("alice").sign_pk, wrap.signature, wrap.signed_bytes))
        self.assertEqual(wrap.open(keys("admin")), key)
        # The verifier: the admin opens its wrap of the vectors' epoch 1.
        log = tf.verify_keyring_log(vector_record(), [vector_entry1()], vector_community())
        epochs = tf.verify_epochs([epoch.to_json()], 1, log)
        self.assertEqual(tf.open_wraps([wrap.to_json()], epochs, log, ADMIN_ID, keys("admin")), {1: key})
        # A wrap made by the library for the admin opens to the same key.
        fresh = tf.Wrap.make(POST["keyring_id"], 1, key, ADMIN_ID, root_certificate(), ALICE_ID, keys("alice"))
        self.assertEqual(tf.open_wraps([fresh.to_json()], epochs, log, ADMIN_ID, keys("admin")), {1: key})

    def test_post_seal_and_open(self):
        c = case("post")
        payload = tf.PostPayload(json.loads(c["payload_json"])["body"], hx(c["franking_key"]), title="Phishing wave")
        self.assertEqual(payload.to_bytes().decode(), c["payload_json"])
        post = tf.Post.seal(payload, community_id=COMMUNITY_ID, post_id=POST["post_id"], thread_id=POST["thread_id"], label=POST["label"],
                            keyring_id=POST["keyring_id"], epoch=POST["epoch"], key=hx(case("epoch")["key"]), log_seq=POST["log_seq"],
                            log_head=hx(POST["log_head"]), author_id=POST["author_id"], author_cert_hash=hx(POST["author_cert_hash"]),
                            policy_version=c["policy_version"], keys=keys("alice"), nonce=hx(c["nonce"]))
        self.assertEqual((post.franking_tag.hex(), post.ciphertext.hex(), post.signature.hex()),
                         (c["franking_tag"], c["ciphertext"], c["signature"]))
        self.assertTrue(post.has_valid_sizes)
        self.assertEqual(post.open(hx(case("epoch")["key"])), payload)
        self.assertEqual(tf.Post.from_json(post.to_json(), COMMUNITY_ID), post)
        # As a reader: the vectors' keyring, opened by the admin, reads alice's post.
        log = tf.verify_keyring_log(vector_record(), [vector_entry1()], vector_community())
        epoch = tf.Epoch.make(COMMUNITY_ID, POST["keyring_id"], 1, hx(case("epoch")["key"]), 1, log.head, ALICE_ID, keys("alice"))
        ring = tf.VerifiedKeyring(vector_record(), log, {1: epoch}, 1, {1: hx(case("epoch")["key"])}, [1], False, [])
        stored = {"seq": 1, "received_at": CERT["issued_at"] * 1000 + 5, "server_tag": tf.b64e(bytes(32)), "post": post.to_json()}
        reading = tf.read_post(stored, ring)
        self.assertTrue(reading.verified, reading.reason)
        self.assertEqual((reading.body, reading.title, reading.author_id), (payload.body, "Phishing wave", ALICE_ID))
        # Received before alice's certificate was issued: no certificate in force, unverifiable.
        early = dict(stored, received_at=(CERT["issued_at"] - 1) * 1000)
        self.assertFalse(tf.read_post(early, ring).verified)
        self.assertIsNone(tf.read_post(early, ring).body)


class Coverage(unittest.TestCase):
    def test_every_case_of_the_file_is_checked(self):
        self.assertEqual(set(VECTORS), {"frame", "hash", "keys", "certificate", "community_log_entry0", "login",
                                        "thread_record", "membership_entry1", "epoch", "wrap", "post"})

    def test_the_copy_is_the_shared_file_when_it_is_there(self):
        shared = os.path.join(tf.REPO_ROOT, "..", "shared", "protocol-vectors.json")
        if not os.path.exists(shared):
            self.skipTest("../shared/protocol-vectors.json is not beside the repository")
        with open(shared, "rb") as a, open(os.path.join(HERE, "protocol-vectors.json"), "rb") as b:
            self.assertEqual(a.read(), b.read())


if __name__ == "__main__":
    unittest.main()

"""Reports across implementations (mod-spec §1): this Python implementation
(report_format.py, from the spec) and the Swift one each open, verify and
check the other's reports. The Swift side reads
Tests/ProtocolTests/Vectors/report-from-python.json (written by
`python3 test_report_interop.py --write`); this side reads
fixtures/report-from-swift.json (written by the Swift test
ReportInteropTests with TRUSTFORUM_WRITE_FIXTURES=1). Needs no binary."""

import base64
import json
import os
import sys
import unittest
import uuid

import nacl.bindings as b
from nacl.signing import SigningKey, VerifyKey

import report_format as rf

HERE = os.path.dirname(os.path.abspath(__file__))
FROM_SWIFT = os.path.join(HERE, "fixtures", "report-from-swift.json")
FROM_PYTHON = os.path.join(HERE, "..", "ProtocolTests", "Vectors", "report-from-python.json")
T0 = 1_767_225_600


def new_id():
    return str(uuid.uuid4())


def scenario():
    """A community in miniature, a post by the author, an honest and a forged report by the reporter."""
    community_id = new_id()
    issuer = SigningKey.generate()
    issuer_id = new_id()

    def member(role):
        sign = SigningKey.generate()
        seed = os.urandom(32)
        box_pk, box_sk = b.crypto_box_seed_keypair(seed)
        mid = new_id()
        cert = rf.certificate(community_id, mid, new_id(), role, bytes(sign.verify_key), box_pk, T0, T0 + 365 * 86400, issuer_id)
        signed = cert + issuer.sign(cert).signature
        return {"id": mid, "sign": sign, "box_seed": seed, "box_pk": box_pk, "box_sk": box_sk, "cert": signed,
                "cert_hash": rf.H(signed)}

    author, reporter, moderator = member("member"), member("member"), member("moderator")
    # The post, sealed as PROTOCOL.md §5 says.
    post_id, thread_id, keyring_id = new_id(), new_id(), new_id()
    body, title, reply_to = "Betaal via https://example.test/pay — nu! \"snel\"", "Aanbieding", None
    k_f = os.urandom(32)
    tag = rf.franking_tag(k_f, post_id, body, title, reply_to)
    post = {"post_id": post_id, "thread_id": thread_id, "label": "TLP:AMBER", "keyring_id": keyring_id, "epoch": 1, "log_seq": 3,
            "log_head": rf.b64(os.urandom(32)), "author_id": author["id"], "author_cert_hash": rf.b64(author["cert_hash"]),
            "franking_tag": rf.b64(tag), "moderation": "none", "policy_version": os.urandom(32).hex()}
    ad = rf.frame("trustforum/post/v1", community_id, post_id, thread_id, "TLP:AMBER", keyring_id, 1, 3, rf.unb64(post["log_head"]),
                  author["id"], author["cert_hash"], tag, "none")
    payload = json.dumps({"body": body, "title": title, "franking_key": rf.b64(k_f)}, sort_keys=True, separators=(",", ":")).encode()
    nonce = os.urandom(24)
    post["nonce"] = rf.b64(nonce)
    post["ciphertext"] = rf.b64(b.crypto_aead_xchacha20poly1305_ietf_encrypt(b.sodium_pad(payload, 256), ad, nonce, os.urandom(32)))
    post["signature"] = rf.b64(author["sign"].sign(rf.post_signed_bytes(community_id, post)).signature)
    claim = {"post_id": post_id, "body": body, "title": title, "reply_to": reply_to, "franking_key": k_f, "reason": "phishing"}
    recipients = [(moderator["id"], moderator["cert_hash"], moderator["box_pk"])]
    report = rf.make_report(community_id, new_id(), reporter["id"], reporter["cert_hash"], reporter["sign"], claim, recipients)
    forged_claim = dict(claim, body="Something the author never wrote")
    forged = rf.make_report(community_id, new_id(), reporter["id"], reporter["cert_hash"], reporter["sign"], forged_claim, recipients)
    report["received_at"] = forged["received_at"] = T0 * 1000
    fixture = {"community_id": community_id, "moderator_id": moderator["id"], "moderator_box_seed": rf.b64(moderator["box_seed"]),
               "reporter_certificate": rf.b64(reporter["cert"]), "author_certificate": rf.b64(author["cert"]), "post": post,
               "report": report, "forged_report": forged,
               "claim": {"body": body, "title": title, "reason": "phishing"}}
    return fixture


def check_fixture(test, fx):
    """Opens and checks a fixture's reports as its moderator."""
    seed = rf.unb64(fx["moderator_box_seed"])
    box_pk, box_sk = b.crypto_box_seed_keypair(seed)
    # Certificate payloads: frame(cert…) ‖ signature; sign_pk is field 5.
    def sign_pk(cert_b64):
        data = rf.unb64(cert_b64)[:-64]
        fields, i = [], 0
        while i < len(data):
            n = int.from_bytes(data[i:i + 4], "big")
            fields.append(data[i + 4:i + 4 + n])
            i += 4 + n
        return VerifyKey(fields[5])
    reporter_pk, author_pk = sign_pk(fx["reporter_certificate"]), sign_pk(fx["author_certificate"])
    test.assertEqual(rf.H(rf.unb64(fx["reporter_certificate"])), rf.unb64(fx["report"]["reporter_cert_hash"]))
    cid, mid = fx["community_id"], fx["moderator_id"]
    verdict, claim = rf.check(cid, fx["report"], fx["post"], reporter_pk, author_pk, mid, box_pk, box_sk)
    test.assertEqual(verdict, "proven")
    test.assertEqual(claim["body"], fx["claim"]["body"])
    test.assertEqual(claim.get("title"), fx["claim"]["title"])
    test.assertEqual(claim["reason"], fx["claim"]["reason"])
    test.assertEqual(rf.check(cid, fx["forged_report"], fx["post"], reporter_pk, author_pk, mid, box_pk, box_sk)[0], "forged")
    # A flipped ciphertext byte, a signature by the author instead of the reporter: unreadable.
    tampered = dict(fx["report"])
    ct = bytearray(rf.unb64(tampered["ciphertext"]))
    ct[len(ct) // 2] ^= 1
    tampered["ciphertext"] = rf.b64(bytes(ct))
    test.assertEqual(rf.check(cid, tampered, fx["post"], reporter_pk, author_pk, mid, box_pk, box_sk)[0], "unreadable")
    test.assertEqual(rf.check(cid, fx["report"], fx["post"], author_pk, author_pk, mid, box_pk, box_sk)[0], "unreadable")
    other_pk, other_sk = b.crypto_box_keypair()
    test.assertEqual(rf.check(cid, fx["report"], fx["post"], reporter_pk, author_pk, new_id(), other_pk, other_sk)[0], "unreadable")


class ReportInterop(unittest.TestCase):
    def test_python_reports_check_in_python(self):
        check_fixture(self, scenario())

    def test_swift_reports_check_in_python(self):
        with open(FROM_SWIFT) as f:
            check_fixture(self, json.load(f))

    def test_python_fixture_for_swift_is_valid(self):
        with open(FROM_PYTHON) as f:
            check_fixture(self, json.load(f))


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        with open(FROM_PYTHON, "w") as f:
            json.dump(scenario(), f, indent=1, sort_keys=True, ensure_ascii=False)
            f.write("\n")
        print("wrote", FROM_PYTHON)
    else:
        unittest.main()

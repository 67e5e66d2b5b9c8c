"""An independent implementation of verifiable reports (mod-spec §1,
PROTOCOL.md §6) with PyNaCl, written from the spec: make a report, verify the
reporter's signature, open a moderator's key wrap and check the claim against
the stored post (author signature and franking tag)."""

import base64
import hashlib
import hmac
import json
import os
import struct

import nacl.bindings as b
from nacl.signing import SigningKey, VerifyKey


def frame(context, *fields):
    out = struct.pack(">I", len(context)) + context.encode("ascii")
    for f in fields:
        if isinstance(f, int):
            f = struct.pack(">Q", f)
        elif isinstance(f, str):
            f = f.encode("utf-8")
        out += struct.pack(">I", len(f)) + f
    return out


def H(data):
    return hashlib.blake2b(data, digest_size=32).digest()


def b64(data):
    return base64.b64encode(data).decode("ascii")


def unb64(text):
    return base64.b64decode(text, validate=True)


def franking_tag(key, post_id, body, title, reply_to):
    return hmac.new(key, frame("trustforum/frank/v1", post_id, body, title or "", reply_to or ""), hashlib.sha256).digest()


def payload_json(claim):
    obj = {k: v for k, v in claim.items() if v is not None}
    obj["franking_key"] = b64(claim["franking_key"])
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def wraps_hash(wraps):
    fields = []
    for w in wraps:
        fields += [w["recipient_id"], unb64(w["recipient_cert_hash"]), unb64(w["sealed"])]
    return H(frame("trustforum/report-wraps/v1", *fields))


def report_ad(community_id, report_id, post_id, reporter_id):
    return frame("trustforum/report/v1", community_id, report_id, post_id, reporter_id)


def report_signed_bytes(community_id, stored):
    return frame("trustforum/report-sig/v1", community_id, stored["report_id"], stored["post_id"], stored["reporter_id"],
                 unb64(stored["reporter_cert_hash"]), unb64(stored["nonce"]), H(unb64(stored["ciphertext"])),
                 wraps_hash(stored["key_wraps"]))


def make_report(community_id, report_id, reporter_id, reporter_cert_hash, reporter_sign: SigningKey, claim, recipients):
    """recipients: [(member_id, cert_hash, box_pk)]. Returns ReportStored JSON (without received_at)."""
    k_r = os.urandom(32)
    nonce = os.urandom(24)
    padded = b.sodium_pad(payload_json(claim), 256)
    ad = report_ad(community_id, report_id, claim["post_id"], reporter_id)
    ciphertext = b.crypto_aead_xchacha20poly1305_ietf_encrypt(padded, ad, nonce, k_r)
    wraps = [{"recipient_id": rid, "recipient_cert_hash": b64(ch), "sealed": b64(b.crypto_box_seal(k_r, pk))}
             for rid, ch, pk in sorted(recipients, key=lambda r: r[0])]
    stored = {"report_id": report_id, "post_id": claim["post_id"], "reporter_id": reporter_id,
              "reporter_cert_hash": b64(reporter_cert_hash), "nonce": b64(nonce), "ciphertext": b64(ciphertext),
              "key_wraps": wraps}
    stored["signature"] = b64(reporter_sign.sign(report_signed_bytes(community_id, stored)).signature)
    return stored


class Unreadable(Exception):
    pass


def open_report(community_id, stored, reporter_pk: VerifyKey, my_id, my_box_pk, my_box_sk):
    """Steps 1-2: the reporter's signature, my wrap, decryption, payload."""
    try:
        reporter_pk.verify(report_signed_bytes(community_id, stored), unb64(stored["signature"]))
    except Exception:
        raise Unreadable("the reporter's signature does not verify")
    mine = [w for w in stored["key_wraps"] if w["recipient_id"] == my_id]
    if not mine:
        raise Unreadable("no key wrap for me")
    try:
        k_r = b.crypto_box_seal_open(unb64(mine[0]["sealed"]), my_box_pk, my_box_sk)
        ad = report_ad(community_id, stored["report_id"], stored["post_id"], stored["reporter_id"])
        padded = b.crypto_aead_xchacha20poly1305_ietf_decrypt(unb64(stored["ciphertext"]), ad, unb64(stored["nonce"]), k_r)
        claim = json.loads(b.sodium_unpad(padded, 256).decode("utf-8"))
    except Exception as error:
        raise Unreadable(f"does not open: {error}")
    if claim.get("post_id") != stored["post_id"]:
        raise Unreadable("the payload names another post")
    claim["franking_key"] = unb64(claim["franking_key"])
    return claim


def post_signed_bytes(community_id, post):
    fields = [community_id, post["post_id"], post["thread_id"], post["label"], post["keyring_id"], post["epoch"], post["log_seq"],
              unb64(post["log_head"]), post["author_id"], unb64(post["author_cert_hash"]), unb64(post["franking_tag"]),
              post["moderation"]]
    return frame("trustforum/post-sig/v1", *fields, unb64(post["nonce"]), H(unb64(post["ciphertext"])), post["policy_version"])


def check(community_id, stored, post, reporter_pk, author_pk, my_id, my_box_pk, my_box_sk):
    """('proven'|'forged'|'unreadable', claim or reason)."""
    try:
        claim = open_report(community_id, stored, reporter_pk, my_id, my_box_pk, my_box_sk)
    except Unreadable as why:
        return "unreadable", str(why)
    if post["post_id"] != stored["post_id"]:
        return "unreadable", "another post"
    try:
        author_pk.verify(post_signed_bytes(community_id, post), unb64(post["signature"]))
    except Exception:
        return "forged", claim
    tag = franking_tag(claim["franking_key"], claim["post_id"], claim["body"], claim.get("title"), claim.get("reply_to"))
    if not hmac.compare_digest(tag, unb64(post["franking_tag"])):
        return "forged", claim
    return "proven", claim


def certificate(community_id, member_id, org_id, role, sign_pk, box_pk, issued_at, expires_at, issuer_id):
    return frame("trustforum/cert/v1", community_id, member_id, org_id, role, sign_pk, box_pk, issued_at, expires_at, issuer_id)

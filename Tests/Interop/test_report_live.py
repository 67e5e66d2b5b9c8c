"""Reports on the live server across implementations (mod-spec §1): Python
members (tfclient.py) post and read in a TLP:AMBER thread; a Python
reporter builds its report with the independent implementation in
report_format.py and sends it; the Swift CLI of a moderator (`mod show`)
decrypts it and proves it against the stored post, and finds a forged
twin (sent by another Python reader) FORGED."""

import re
import time
import unittest

import tfclient as tf
import report_format as rf
from interop_support import Watchdog
from test_interop import ServerTestCase


class PythonReportSwiftModerator(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.start_python_rooted_server()
        try:
            with Watchdog():
                admin = cls.admin()
                cls.author, cls.reporter, cls.forger = (cls.member(admin, n) for n in (2, 3, 4))
                # The Swift CLI's moderator: applies, the Python admin appoints it, it logs in.
                cls.profile, cls.swift_id = cls.swift_member("SWIFT-MOD", 5, admin, role="moderator")
        except BaseException:
            cls.stop_server()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.stop_server()

    def report(self, reporter, thread_id, reading, body, reason):
        """A report made by report_format.py, sealed to the moderators' keyring
        holders of the reporter's verified log, POSTed with the reporter's session."""
        state = reporter.verify_log()
        now = int(time.time())
        holders = sorted(m for m, member in state.members.items()
                         if member.role in ("moderator", "admin") and member.valid_now(now))
        self.assertEqual(set(holders), {self.root_id, self.swift_id})
        recipients = [(m, state.members[m].current.cert_hash, state.members[m].current.certificate.box_pk) for m in holders]
        claim = {"post_id": reading.post_id, "body": body, "title": reading.title, "reply_to": reading.reply_to,
                 "franking_key": reading.payload.franking_key, "reason": reason}
        stored = rf.make_report(self.community_id, tf.new_id(), reporter.member_id, state.members[reporter.member_id].current.cert_hash,
                                reporter.keys.sign_sk, claim, recipients)
        submit = {k: v for k, v in stored.items() if k != "reporter_id"}
        created = reporter.call("POST", f"/v1/threads/{thread_id}/posts/{reading.post_id}/reports", submit)
        self.assertEqual(created["report_id"], stored["report_id"])
        return created["item_id"], stored["report_id"]

    def mod_show(self, item_id):
        return self.ws.run("mod", "show", item_id, "--profile", self.profile).stdout

    def test_swift_proves_a_python_report_and_finds_its_forged_twin_forged(self):
        author, reporter, forger = self.author, self.reporter, self.forger
        thread_id = author.create_thread("TLP:AMBER", [reporter.member_id, forger.member_id], ["phishing"])["thread_id"]
        offer = "Pentest bundle: 30% off this week, pay via https://example.test/pay"
        author.post(thread_id, offer, title="Offer")
        reading = reporter.read_posts(thread_id)[0]
        self.assertTrue(reading.verified, reading.reason)

        item_id, report_id = self.report(reporter, thread_id, reading, offer, "a sales pitch")
        shown = self.mod_show(item_id)
        self.assertRegex(shown, rf"1\. PROVEN  report {report_id} by {reporter.member_id}")
        self.assertIn("reason: a sales pitch", shown)
        self.assertIn("The post's text (proven: the author signed exactly this):\n  Title: Offer\n  " + offer, shown)

        # Another reader claims other text under the real franking key: the same item, FORGED.
        forged_reading = forger.read_posts(thread_id)[0]
        forged_item, forged_id = self.report(forger, thread_id, forged_reading, "Send me your VPN password", "phishing")
        self.assertEqual(forged_item, item_id)
        shown = self.mod_show(item_id)
        self.assertRegex(shown, rf"PROVEN  report {report_id}")
        self.assertRegex(shown, rf"FORGED  report {forged_id} by {forger.member_id}")
        self.assertIn("Send me your VPN password", shown)
        self.assertTrue(re.search(r"claimed text \(NOT what the author signed\)", shown), shown)


if __name__ == "__main__":
    unittest.main()

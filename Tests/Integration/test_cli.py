"""The real binary's command line: help, exit codes, and an online backup
taken while the server is writing, restored and checked."""
import json
import os
import shutil
import sqlite3
import threading
import time
import unittest

from harness import DataDir, Server, run_cli

SUBJECT = "11111111-2222-4333-8444-555555555555"


class CommandLineTests(unittest.TestCase):
    def test_help_version_and_usage_errors(self):
        code, out, err = run_cli("--help")
        self.assertEqual(code, 0)
        self.assertIn("USAGE: trustforum <subcommand>", out)
        self.assertEqual(err, "")
        code, out, _ = run_cli("--version")
        self.assertEqual(code, 0)
        self.assertRegex(out.strip(), r"^\d+\.\d+\.\d+$")
        code, out, err = run_cli("serve", "--bogus")
        self.assertEqual(code, 64)
        self.assertTrue(err.startswith("Error: "), err)
        self.assertIn("See 'trustforum serve --help'", err)
        code, _, err = run_cli("audit", "verify", "--data", "/nonexistent/trustforum")
        self.assertEqual(code, 1)
        self.assertIn("holds no TrustForum store", err)

    def test_every_command_has_help(self):
        for command in (["serve"], ["init"], ["migrate"], ["backup"], ["backup", "keygen"], ["restore"],
                        ["audit"], ["audit", "verify"], ["audit", "checkpoint"], ["config"]):
            code, out, err = run_cli(*command, "--help")
            self.assertEqual(code, 0, command)
            self.assertTrue(out.startswith("OVERVIEW: "), command)
            self.assertEqual(run_cli("help", *command)[1], out)


class OnlineBackupTests(unittest.TestCase):
    def test_backup_while_writing_then_restore(self):
        directory = DataDir()
        try:
            server = Server(directory.data, extra_args=["--enable-test-routes"]).start()
            acknowledged = []
            stop = threading.Event()

            def writer():
                while not stop.is_set():
                    status, _, body = server.json("POST", "/v1/_test/audit", {"subject": SUBJECT})
                    if status == 201:
                        acknowledged.append(body["seq"])

            threads = [threading.Thread(target=writer) for _ in range(4)]
            for t in threads:
                t.start()
            key = os.path.join(directory.path, "operator.key")
            self.assertEqual(run_cli("backup", "keygen", "--out", key)[0], 0)
            while len(acknowledged) < 20:
                time.sleep(0.01)
            before = max(acknowledged)
            backup = os.path.join(directory.path, "live.backup")
            code, out, err = run_cli("backup", "--data", directory.data, "--to", backup, "--recipient", key + ".pub")
            stop.set()
            for t in threads:
                t.join()
            self.assertEqual(code, 0, err)
            self.assertEqual(oct(os.stat(backup).st_mode & 0o777), "0o600")
            self.assertEqual(server.terminate(), 0)

            restored = os.path.join(directory.path, "restored")
            os.makedirs(os.path.join(restored, "keys"), mode=0o700)
            shutil.copy2(os.path.join(directory.data, "keys", "audit.key"), os.path.join(restored, "keys", "audit.key"))
            code, out, err = run_cli("restore", "--data", restored, "--from", backup, "--key", key)
            self.assertEqual(code, 0, err)
            db = sqlite3.connect(os.path.join(restored, "trustforum.sqlite3"))
            try:
                self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
                seqs = {row[0] for row in db.execute("SELECT seq FROM audit_log")}
            finally:
                db.close()
            self.assertTrue(all(seq in seqs for seq in acknowledged if seq <= before))
            shutil.copy2(os.path.join(directory.data, "keys", "server-signing.key"),
                         os.path.join(restored, "keys", "server-signing.key"))
            self.assertEqual(run_cli("audit", "verify", "--data", restored)[0], 0)

            # The restored store serves.
            again = Server(restored).start()
            status, _, body = again.json("GET", "/v1/version")
            self.assertEqual(status, 200)
            self.assertEqual(again.terminate(), 0)
        finally:
            directory.cleanup()


if __name__ == "__main__":
    unittest.main()

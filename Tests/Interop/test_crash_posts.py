"""Crash safety with posts (Part 1's harness, Part 3's content): 8 writers
post end-to-end encrypted posts into an AMBER thread, the server is killed
with SIGKILL mid-load and restarted on the same files; every post that got a
receipt is there, reads and verifies (signature, chain, franking tag), and
SQLite's integrity check is ok. Twice."""
import os
import signal
import sqlite3
import subprocess
import threading
import time
import unittest

import tfclient as tf
from interop_support import Server, Watchdog, Workspace, organisation
from test_interop import ServerTestCase


class CrashSafetyWithPosts(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.start_python_rooted_server()

    @classmethod
    def tearDownClass(cls):
        cls.stop_server()

    def kill_and_restart(self):
        """SIGKILL, then serve again on the same port (clients sign for that origin)."""
        server = self.server
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=15)
        with open(server.log_path, "ab") as log:
            server.process = subprocess.Popen(
                [server.ws.bin, "serve", "--data", server.data, "--listen", f"127.0.0.1:{server.port}", "--public-url", server.url],
                cwd=server.ws.dir, env=server.ws.env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        self.assertTrue(server._wait_healthy(), server.log_tail())

    def test_acknowledged_posts_survive_kill_9(self):
        admin = self.admin()
        reader = self.member(admin, 1)
        writers = [self.member(admin, 2 + i) for i in range(3)]
        thread_id = admin.create_thread("TLP:AMBER", [reader.member_id] + [w.member_id for w in writers], ["incident-response"])["thread_id"]
        authors = [admin] + writers
        for round_number in range(2):
            for author in authors:
                author.http = tf.HTTP(self.server.url, 5)
            reader.http = tf.HTTP(self.server.url, 15)
            # Pre-sealed posts (open_thread verifies the keyring once per writer).
            acknowledged, lock, stop = [], threading.Lock(), threading.Event()

            def write(author, n):
                try:
                    ring = author.open_thread(thread_id)
                    version = author.moderation_policy()["version"]
                except Exception:
                    return          # the server went down before this writer began
                i = 0
                while not stop.is_set():
                    post = author.seal_post(ring, f"round {round_number} writer {n} post {i}: containment status",
                                            policy_version=version)
                    try:
                        receipt = author.submit_post(post)
                    except Exception:
                        if stop.is_set():
                            return
                        time.sleep(0.02)
                        continue
                    with lock:
                        acknowledged.append(receipt["post_id"])
                    i += 1

            workers = [threading.Thread(target=write, args=(author, n)) for n, author in enumerate(authors) for _ in range(2)]
            for w in workers:
                w.start()
            time.sleep(2.0)
            self.kill_and_restart()
            stop.set()
            for w in workers:
                w.join(timeout=20)
            self.assertGreater(len(acknowledged), 20, f"round {round_number}: too few posts to mean anything")

            database = sqlite3.connect(os.path.join(self.server.data, "trustforum.sqlite3"))
            try:
                self.assertEqual(database.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            finally:
                database.close()
            for author in authors + [reader]:
                author.http = tf.HTTP(self.server.url, 15)
                author.login()
            readings = {r.post_id: r for r in reader.read_posts(thread_id)}
            missing = [post_id for post_id in acknowledged if post_id not in readings]
            self.assertEqual(missing, [], f"round {round_number}: acknowledged but lost")
            unverified = [r.reason for post_id, r in readings.items() if post_id in acknowledged and not r.verified]
            self.assertEqual(unverified, [], f"round {round_number}: acknowledged but unverifiable")


if __name__ == "__main__":
    unittest.main()

"""Crash safety: kill -9 the real server under concurrent writes, restart,
and check that every write that got a success response is there, the
database is intact and the audit chain verifies.

Later parts reuse `CrashHarness` with posts instead of probe rows.
"""
import json
import os
import sqlite3
import threading
import time
import unittest

from harness import DataDir, Server, run_cli

SUBJECT = "11111111-2222-4333-8444-555555555555"


class CrashHarness:
    """Runs `write()` from several threads until stopped; records what was acknowledged."""

    def __init__(self, server, write, threads=16):
        self.server = server
        self.write = write
        self.threads = threads
        self.acknowledged = []
        self.failures = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def _worker(self):
        conn = self.server.connection(timeout=5)
        while not self.stop.is_set():
            try:
                key = self.write(conn)
            except Exception:
                with self.lock:
                    self.failures += 1
                conn.close()
                if self.stop.is_set():
                    return
                time.sleep(0.01)
                conn = self.server.connection(timeout=5)
                continue
            if key is not None:
                with self.lock:
                    self.acknowledged.append(key)

    def run_then_kill(self, seconds):
        workers = [threading.Thread(target=self._worker) for _ in range(self.threads)]
        for w in workers:
            w.start()
        time.sleep(seconds)
        self.server.kill()
        self.stop.set()
        for w in workers:
            w.join(timeout=10)
        return list(self.acknowledged)


def write_probe(conn):
    conn.request("POST", "/v1/_test/audit", body=json.dumps({"subject": SUBJECT}),
                 headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    body = response.read()
    if response.status != 201:
        raise RuntimeError(f"status {response.status}")
    return json.loads(body)["seq"]


class CrashSafetyTests(unittest.TestCase):
    def setUp(self):
        self.dir = DataDir()

    def tearDown(self):
        self.dir.cleanup()

    def test_acknowledged_writes_survive_kill_9(self):
        for round_number in range(2):
            server = Server(self.dir.data, extra_args=["--enable-test-routes"]).start()
            harness = CrashHarness(server, write_probe, threads=16)
            acknowledged = harness.run_then_kill(seconds=2.0)
            self.assertGreater(len(acknowledged), 50, f"round {round_number}: too few writes to mean anything")

            db = sqlite3.connect(os.path.join(self.dir.data, "trustforum.sqlite3"))
            try:
                self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
                present = {row[0] for row in db.execute("SELECT seq FROM audit_log WHERE action = 'test.probe'")}
            finally:
                db.close()
            missing = [seq for seq in acknowledged if seq not in present]
            self.assertEqual(missing, [], f"round {round_number}: acknowledged but lost")

            code, out, err = run_cli("audit", "verify", "--data", self.dir.data)
            self.assertEqual(code, 0, out + err)

            # And the server starts again on the same files.
            restarted = Server(self.dir.data, extra_args=["--enable-test-routes"]).start()
            status, _, body = restarted.json("POST", "/v1/_test/audit", {"subject": SUBJECT})
            self.assertEqual(status, 201)
            self.assertGreater(body["seq"], max(acknowledged))
            self.assertEqual(restarted.terminate(), 0)


class GracefulShutdownTests(unittest.TestCase):
    def test_sigterm_finishes_the_request_in_flight(self):
        directory = DataDir()
        try:
            server = Server(directory.data, extra_args=["--enable-test-routes"]).start()
            result = {}

            def slow():
                result["response"] = server.request("GET", "/v1/_test/sleep?ms=800", timeout=10)

            t = threading.Thread(target=slow)
            t.start()
            time.sleep(0.3)
            code = server.terminate()
            t.join(timeout=10)
            status, headers, body = result["response"]
            self.assertEqual(status, 200)
            self.assertEqual(headers.get("connection"), "close")
            self.assertEqual(code, 0)
            log = server.read_log()
            self.assertIn("event=server.stopped", log)
        finally:
            directory.cleanup()


if __name__ == "__main__":
    unittest.main()

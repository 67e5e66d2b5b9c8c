"""The real server through real clients: Python's http.client and curl."""
import json
import shutil
import subprocess
import threading
import unittest

from harness import DataDir, Server, raw_exchange


class HTTPClientTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = DataDir()
        cls.server = Server(cls.dir.data, extra_args=["--enable-test-routes"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.dir.cleanup()

    def test_health_and_readiness(self):
        status, headers, body = self.server.request("GET", "/healthz")
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "application/json")
        self.assertEqual(json.loads(body)["status"], "ok")
        status, _, body = self.server.request("GET", "/readyz")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["store"], "ok")

    def test_keep_alive_reuses_one_connection(self):
        conn = self.server.connection()
        sockets = set()
        for _ in range(5):
            conn.request("GET", "/v1/version")
            response = conn.getresponse()
            self.assertEqual(response.status, 200)
            self.assertIn("min_client_protocol", json.loads(response.read()))
            sockets.add(id(conn.sock))
        self.assertEqual(len(sockets), 1)
        conn.close()

    def test_head_has_no_body(self):
        conn = self.server.connection()
        conn.request("HEAD", "/healthz")
        response = conn.getresponse()
        self.assertEqual(response.status, 200)
        self.assertGreater(int(response.getheader("Content-Length")), 0)
        self.assertEqual(response.read(), b"")
        conn.request("GET", "/healthz")
        self.assertEqual(conn.getresponse().status, 200)
        conn.close()

    def test_problem_json_for_unknown_and_wrong_method(self):
        status, headers, body = self.server.request("GET", "/v1/does-not-exist?q=<secret>")
        self.assertEqual(status, 404)
        self.assertEqual(headers["content-type"], "application/problem+json")
        problem = json.loads(body)
        self.assertEqual(problem["type"], "urn:trustforum:problem:not-found")
        self.assertEqual(problem["status"], 404)
        self.assertNotIn(b"secret", body)
        status, headers, body = self.server.request("DELETE", "/healthz")
        self.assertEqual(status, 405)
        self.assertEqual(headers["allow"], "GET, HEAD")

    def test_chunked_body_gets_411(self):
        conn = self.server.connection()
        conn.request("POST", "/v1/_test/audit", body=iter([b'{"subject":', b'"x"}']), encode_chunked=True,
                     headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        self.assertEqual(response.status, 411)
        self.assertEqual(json.loads(response.read())["type"], "urn:trustforum:problem:chunked-not-supported")
        conn.close()

    def test_content_length_with_transfer_encoding_gets_400(self):
        reply = raw_exchange(self.server.port,
                             b"POST /v1/_test/audit HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
                             b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 400 "), reply[:40])
        self.assertIn(b"Connection: close", reply)
        self.assertEqual(reply.count(b"HTTP/1.1"), 1)

    def test_body_over_the_limit_gets_413_from_the_header(self):
        reply = raw_exchange(self.server.port,
                             b"POST /v1/_test/audit HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 413 "), reply[:40])

    def test_oversize_headers_get_431(self):
        reply = raw_exchange(self.server.port,
                             b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-Fill: " + b"a" * 20000 + b"\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 431 "), reply[:40])

    def test_bad_json_is_a_problem_not_a_500(self):
        status, headers, body = self.server.request("POST", "/v1/_test/audit", body=b"{not json",
                                                    headers={"Content-Type": "application/json"})
        self.assertEqual(status, 400)
        self.assertEqual(headers["content-type"], "application/problem+json")

    def test_openapi_document(self):
        status, _, body = self.server.request("GET", "/v1/openapi.json")
        self.assertEqual(status, 200)
        document = json.loads(body)
        self.assertTrue(document["openapi"].startswith("3.1"))
        self.assertIn("/healthz", document["paths"])

    def test_metrics_count_requests(self):
        self.server.request("GET", "/healthz")
        status, headers, body = self.server.request("GET", "/metrics")
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("text/plain"))
        text = body.decode()
        self.assertIn('trustforum_http_requests_total{route="health",method="GET",status="200"}', text)
        self.assertIn("trustforum_http_open_connections", text)
        self.assertIn("trustforum_store_writer_queue_depth", text)
        self.assertIn("trustforum_store_commit_batch_size_bucket", text)

    def test_concurrent_writes_are_all_acknowledged(self):
        results = []
        lock = threading.Lock()

        def writer():
            for _ in range(10):
                status, _, body = self.server.json("POST", "/v1/_test/audit", {"subject": "11111111-2222-4333-8444-555555555555"})
                with lock:
                    results.append((status, body))

        threads = [threading.Thread(target=writer) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(len(results), 80)
        self.assertTrue(all(status == 201 for status, _ in results))
        seqs = [body["seq"] for _, body in results]
        self.assertEqual(len(set(seqs)), 80)


@unittest.skipUnless(shutil.which("curl"), "curl is installed by Ops/test")
class CurlTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = DataDir()
        cls.server = Server(cls.dir.data, extra_args=["--enable-test-routes"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.dir.cleanup()

    def curl(self, *args):
        return subprocess.run(["curl", "-sS", "--http1.1", *args], capture_output=True, text=True, timeout=30)

    def test_curl_reuses_the_connection(self):
        url = f"http://127.0.0.1:{self.server.port}"
        proc = self.curl("-v", f"{url}/healthz", f"{url}/v1/version")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("Re-using existing connection", proc.stderr)
        self.assertIn('"status":"ok"', proc.stdout)

    def test_curl_large_body_with_expect_continue(self):
        # curl waits up to a second for 100 Continue before sending the body.
        payload = json.dumps({"subject": "11111111-2222-4333-8444-555555555555", "pad": "x" * 5000})
        proc = self.curl("-v", "-H", "Content-Type: application/json", "-H", "Expect: 100-continue", "--data-binary", payload,
                         f"http://127.0.0.1:{self.server.port}/v1/_test/audit")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("100 Continue", proc.stderr)
        self.assertIn('"seq"', proc.stdout)


if __name__ == "__main__":
    unittest.main()

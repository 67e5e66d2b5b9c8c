"""Starts the real `trustforum` binary for black-box tests.

Every server listens on 127.0.0.1 only, on a free port, with a temporary
data directory; tests are bounded in count and time.
"""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("TRUSTFORUM_BIN", os.path.join(ROOT, ".build", "debug", "trustforum"))


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(*args, env=None, input=None, timeout=60):
    """Runs the CLI; returns (exit code, stdout, stderr)."""
    full_env = dict(os.environ)
    for key in list(full_env):
        if key.startswith("TRUSTFORUM_") and key != "TRUSTFORUM_BIN":
            del full_env[key]
    if env:
        full_env.update(env)
    proc = subprocess.run([BINARY, *args], capture_output=True, text=True, env=full_env, input=input, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


class DataDir:
    """A temporary data directory, removed afterwards."""

    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="tf-it-")
        self.data = os.path.join(self.path, "data")

    def cleanup(self):
        shutil.rmtree(self.path, ignore_errors=True)


PASSPHRASE = "integration test passphrase"


def make_root(directory):
    """`keys init-root` in a profile under `directory`; returns (profile, root file)."""
    profile = os.path.join(directory, "root-profile")
    root_file = os.path.join(directory, "root.json")
    if not os.path.exists(root_file):
        code, out, err = run_cli("keys", "init-root", "--profile", profile, "--out", root_file, "--kdf", "interactive",
                                 env={"TRUSTFORUM_PASSPHRASE": PASSPHRASE})
        if code != 0:
            raise RuntimeError(f"keys init-root failed: {err}")
    return profile, root_file


class Server:
    """A running `trustforum serve` on a free loopback port."""

    def __init__(self, data, extra_args=(), env=None, init=True):
        self.data = data
        self.port = free_port()
        self.extra_args = list(extra_args)
        self.env = env
        self.log_path = os.path.join(os.path.dirname(data), f"server-{self.port}.log")
        if init and not os.path.exists(os.path.join(data, "trustforum.sqlite3")):
            self.root_profile, root_file = make_root(os.path.dirname(data))
            code, out, err = run_cli("init", "--data", data, "--root-cert", root_file)
            if code != 0:
                raise RuntimeError(f"init failed: {err}")
        self.proc = None

    def start(self, timeout=30):
        full_env = dict(os.environ)
        if self.env:
            full_env.update(self.env)
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [BINARY, "serve", "--data", self.data, "--listen", f"127.0.0.1:{self.port}",
             "--public-url", f"http://127.0.0.1:{self.port}", *self.extra_args],
            stdout=self.log, stderr=self.log, env=full_env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {self.read_log()}")
            try:
                status, _, _ = self.request("GET", "/healthz", timeout=1)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("server did not become healthy")

    def read_log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def connection(self, timeout=10):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, timeout=10):
        conn = self.connection(timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
            return response.status, dict((k.lower(), v) for k, v in response.getheaders()), data
        finally:
            conn.close()

    def json(self, method, path, payload=None):
        body = None if payload is None else json.dumps(payload)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        status, headers, data = self.request(method, path, body=body, headers=headers)
        return status, headers, (json.loads(data) if data else None)

    def terminate(self, timeout=30):
        """SIGTERM and wait; returns the exit code."""
        if self.proc is None:
            return None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self.log.close()
            self.proc = None

    def kill(self):
        """SIGKILL, as a crash."""
        if self.proc is None:
            return
        self.proc.kill()
        self.proc.wait(timeout=30)
        self.log.close()
        self.proc = None


def raw_exchange(port, payload, timeout=5):
    """Sends exact bytes, returns everything read until close or timeout."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(payload)
        chunks = []
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except socket.timeout:
            pass
        return b"".join(chunks)

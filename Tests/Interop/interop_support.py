"""Running the real trustforum binary for the interop tests: temporary
directories, a free port on 127.0.0.1, bounded waits, clean shutdown."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import tfclient as tf

HERE = os.path.dirname(os.path.abspath(__file__))
PASSPHRASE = "correct horse battery staple interop"
CLI_TIMEOUT = 120           # seconds for one CLI command (Argon2 INTERACTIVE is well under a second)
START_TIMEOUT = 20          # seconds for `serve` to answer /healthz
TEST_TIMEOUT = 300          # seconds for one whole test
FINGERPRINT = re.compile(r"[0-9a-f]{8}(?: [0-9a-f]{8}){4}")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def binary() -> str:
    path = os.environ.get("TRUSTFORUM_BIN") or os.path.join(tf.REPO_ROOT, ".build", "debug", "trustforum")
    if not os.path.isabs(path):
        path = os.path.join(tf.REPO_ROOT, path)
    return path


def require_binary() -> str:
    path = binary()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise AssertionError(
            f"no trustforum binary at {path}: build it (swift build) or set TRUSTFORUM_BIN")
    return path


def clean_env(home: str) -> dict:
    """The environment for the binary: no TRUSTFORUM_* settings of the caller
    (they would change the server), a passphrase, a private HOME."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTFORUM_")}
    env["TRUSTFORUM_PASSPHRASE"] = PASSPHRASE
    env["HOME"] = home
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CLIError(AssertionError):
    pass


class Workspace:
    """A temporary directory, the binary and its environment."""

    def __init__(self, prefix: str = "tf-interop-"):
        self.bin = require_binary()
        self.dir = tempfile.mkdtemp(prefix=prefix)
        self.env = clean_env(os.path.join(self.dir, "home"))
        os.makedirs(self.env["HOME"], mode=0o700)

    def path(self, *parts) -> str:
        return os.path.join(self.dir, *parts)

    def run(self, *args, check: bool = True, timeout: float = CLI_TIMEOUT) -> subprocess.CompletedProcess:
        """Runs `trustforum args...`; stdin is closed (nothing may prompt)."""
        result = subprocess.run([self.bin, *args], cwd=self.dir, env=self.env, stdin=subprocess.DEVNULL,
                                capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise CLIError(f"trustforum {' '.join(args)} exited {result.returncode}\n"
                           f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")
        return result

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class Server:
    """`trustforum init` (once) and `trustforum serve` on 127.0.0.1:<free port>."""

    def __init__(self, workspace: Workspace, root_file: str, data: str = "data"):
        self.ws = workspace
        self.root_file = root_file
        self.data = workspace.path(data)
        self.process = None
        self.port = None
        self.url = None
        self.init_output = None

    def init(self) -> str:
        self.init_output = self.ws.run("init", "--data", self.data, "--root-cert", self.root_file).stdout
        return self.init_output

    def start(self):
        for _ in range(3):      # another process may take the free port before serve binds it
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            self.log_path = self.ws.path(f"serve-{self.port}.log")
            with open(self.log_path, "wb") as log:
                self.process = subprocess.Popen(
                    [self.ws.bin, "serve", "--data", self.data, "--listen", f"127.0.0.1:{self.port}", "--public-url", self.url],
                    cwd=self.ws.dir, env=self.ws.env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
            if self._wait_healthy():
                return self
            self.stop()
        raise AssertionError(f"trustforum serve did not come up:\n{self.log_tail()}")

    def _wait_healthy(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        http = tf.HTTP(self.url, timeout=2)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                status, body = http.request("GET", "/healthz")
                if status == 200 and body == {"status": "ok"}:
                    return True
            except (OSError, tf.APIError):
                pass
            time.sleep(0.1)
        return False

    def log_tail(self, lines: int = 40) -> str:
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None


class Watchdog:
    """Fails the running test when it takes longer than `seconds` (SIGALRM)."""

    def __init__(self, seconds: int = TEST_TIMEOUT):
        self.seconds = seconds

    def _fire(self, signum, frame):
        raise TimeoutError(f"the test took longer than {self.seconds} s")

    def __enter__(self):
        self.previous = signal.signal(signal.SIGALRM, self._fire)
        signal.alarm(self.seconds)
        return self

    def __exit__(self, *exc):
        signal.alarm(0)
        signal.signal(signal.SIGALRM, self.previous)
        return False


def organisation(n: int) -> dict:
    """Distinct application details (KvK number, e-mail) per applicant."""
    return {"org_name": f"Interop Test {n} B.V.", "kvk_number": f"{90000000 + n:08d}", "sector": "ict-services",
            "region": "utrecht", "size": "10-49", "name": f"Tester {n}", "email": f"tester{n}@interop.example.nl"}


def say(message: str):
    """A line on stderr, next to unittest's own output (why something is skipped)."""
    print(f"\n[interop] {message}", file=sys.stderr, flush=True)

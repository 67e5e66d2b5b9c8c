"""README.md's "A first try" runs as written (after Ops/run): the block
between the first-try markers is executed line by line, with the server on
a free port instead of 8080 and the IDs it prints filled in, so the README
never shows a command or a flag that does not work."""
import os
import re
import shlex
import subprocess
import tempfile
import unittest

from harness import BINARY, ROOT, Server, run_cli

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def first_try_lines():
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    block = text.split("<!-- first-try")[1].split("<!-- /first-try -->")[0]
    code = block.split("```sh")[1].split("```")[0]
    code = code.replace("\\\n", " ")
    return [line.split("  #")[0].strip() for line in code.splitlines() if line.strip() and not line.strip().startswith("#")]


class ReadmeFirstTry(unittest.TestCase):
    def test_first_try_works_as_written(self):
        work = tempfile.mkdtemp(prefix="tf-readme-")
        data = os.path.join(work, "var")
        trial = os.path.join(data, "trial-root")
        os.makedirs(trial, mode=0o700)
        passphrase = os.path.join(trial, "passphrase")
        with open(os.open(passphrase, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write("a trial passphrase, long enough\n")
        # What Ops/run does on its first run.
        code, _, err = run_cli("keys", "init-root", "--profile", os.path.join(trial, "profile"), "--out",
                               os.path.join(trial, "root.json"), "--passphrase-file", passphrase, "--kdf", "interactive")
        self.assertEqual(code, 0, err)
        code, _, err = run_cli("init", "--data", data, "--root-cert", os.path.join(trial, "root.json"))
        self.assertEqual(code, 0, err)
        server = Server(data, init=False).start()
        url = f"http://127.0.0.1:{server.port}"
        variables = {}
        outputs = []
        env = dict(os.environ, TRUSTFORUM_PASSPHRASE="the business passphrase")
        try:
            for line in first_try_lines():
                if re.match(r"^\w+=", line):
                    name, value = line.split("=", 1)
                    variables[name] = shlex.split(value)[0] if value.startswith('"') else value
                    continue
                line = line.replace("http://127.0.0.1:8080", url).replace("/tmp/", work + "/tmp-")
                for name, value in variables.items():
                    line = line.replace("$" + name, value)
                if "ROOT_FINGERPRINT" in line:
                    shown = next(o for o in outputs if "root" in o and "fingerprint" in o)
                    fingerprint = re.search(r"root\s+((?:[0-9a-f]{8} ){4}[0-9a-f]{8})", shown).group(1)
                    line = line.replace("ROOT_FINGERPRINT", fingerprint)
                if "APPLICATION_ID" in line:
                    applied = next(o for o in reversed(outputs) if "application id" in o)
                    line = line.replace("APPLICATION_ID", UUID.search(applied.split("application id")[1]).group(0))
                args = shlex.split(line)
                self.assertEqual(args[0], ".build/release/trustforum", line)
                proc = subprocess.run([BINARY] + args[1:], cwd=work, capture_output=True, text=True, env=env, timeout=60)
                self.assertEqual(proc.returncode, 0, f"{line}\n{proc.stdout}\n{proc.stderr}")
                outputs.append(proc.stdout)
            self.assertIn("active", outputs[-2])
            self.assertIn("verified", outputs[-1])
        finally:
            server.terminate()
            subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    unittest.main()

"""End-to-end harness: runs the real bicepgate binary as the Actions runner would, against the
real `az` and the local ARM emulator. Each test gets its own emulator on a free port, its own
AZURE_CONFIG_DIR, workspace (a real git repository), event file and runner files."""

import json
import os
import shutil
import signal
import ssl
import subprocess
import tempfile
import time
import unittest
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EMULATOR = os.path.join(ROOT, "tests", "emulator", "arm_emulator.py")
GITHUB_API = os.path.join(ROOT, "tests", "emulator", "github_api.py")
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
BINARY = os.environ.get("BICEPGATE_BINARY", os.path.join(ROOT, "build", "bicepgate"))
DEFAULT_GROUPS = [{"name": f"rg-aos-{e}", "location": "eastus"} for e in ("dev", "staging", "prod")]


def sample_storage_name(environment):
    """The storage account bicep/main.bicep names by default in rg-aos-<environment>: 'st', the
    environment and uniqueString(subscription().id, resourceGroup().id) as the emulator computes it."""
    import sys
    sys.path.insert(0, os.path.join(ROOT, "tests", "emulator"))
    from arm_expressions import unique_string
    subscription = "/subscriptions/00000000-0000-4000-8000-000000000001"
    return f"st{environment}" + unique_string(subscription, f"{subscription}/resourceGroups/rg-aos-{environment}")


def run_checked(argv, env, timeout=120):
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr}")
    return done


class LocalServer:
    """A local stand-in server process (127.0.0.1, port 0): started with its port written to a
    file, its requests logged as JSON lines, stopped by the test or by itself after max_seconds."""

    def __init__(self, name, argv, directory, log_path):
        self.log_path = log_path
        port_file = os.path.join(directory, name + ".port")
        err_path = os.path.join(directory, name + ".err")
        self._err = open(err_path, "w", encoding="utf-8")
        self.process = subprocess.Popen([*argv, "--port-file", port_file, "--log", log_path],
                                        stdin=subprocess.DEVNULL, stderr=self._err)
        deadline = time.time() + 20
        while not os.path.exists(port_file):
            if self.process.poll() is not None or time.time() > deadline:
                with open(err_path, encoding="utf-8") as f:
                    raise RuntimeError(f"the {name} did not start: {f.read()}")
            time.sleep(0.05)
        with open(port_file, encoding="utf-8") as f:
            self.port = int(f.read())

    def requests(self):
        if not os.path.exists(self.log_path):
            return []
        with open(self.log_path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._err.close()


def write_scenario(path, scenario):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(scenario, f)
    return path


class Emulator(LocalServer):
    """The ARM emulator (HTTPS with a certificate made for the test)."""

    def __init__(self, directory, scenario=None, max_seconds=600):
        self.dir = directory
        self.cert = os.path.join(directory, "cert.pem")
        key = os.path.join(directory, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                        "-out", self.cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True, timeout=60)
        scenario = dict(scenario or {})
        scenario.setdefault("resource_groups", DEFAULT_GROUPS)
        self.scenario_path = write_scenario(os.path.join(directory, "scenario.json"), scenario)
        super().__init__("emulator", ["python3", EMULATOR, "--cert", self.cert, "--key", key,
                                      "--scenario", self.scenario_path, "--max-seconds", str(max_seconds),
                                      "--idle-seconds", "120"],
                         directory, os.path.join(directory, "requests.jsonl"))
        self.base = f"https://127.0.0.1:{self.port}/"

    def rollbacks(self):
        """Each redeploy the emulator ran for a failed deployment's onErrorDeployment, in order:
        {"failed": name, "redeployed": name}."""
        context = ssl.create_default_context(cafile=self.cert)
        with urllib.request.urlopen(self.base + "emulator/rollbacks", context=context, timeout=30) as r:
            return json.loads(r.read())["value"]


AZURITE_DIR = os.path.join(ROOT, "tests", "e2e", "azurite")
# The blob service alone (package.json "bin": azurite-blob -> dist/src/blob/main.js).
AZURITE_BLOB = os.path.join(AZURITE_DIR, "node_modules", "azurite", "dist", "src", "blob", "main.js")


def azurite_missing():
    """Why Azurite cannot run here, or None: node, and the npm package tests/e2e/azurite pins."""
    if shutil.which("node") is None:
        return "node is not on PATH (scripts/install-deps installs nodejs)"
    if not os.path.exists(AZURITE_BLOB):
        return f"Azurite is not installed: npm ci --prefix {os.path.relpath(AZURITE_DIR, ROOT)} (scripts/test does)"
    return None


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Azurite:
    """Azurite's blob service on 127.0.0.1 over HTTPS with the emulator's certificate (which az
    already trusts through REQUESTS_CA_BUNDLE), --oauth basic so that az's --auth-mode login
    bearer tokens are checked, data in memory only. Stopped by the test, or by `timeout` after
    max_seconds."""

    def __init__(self, directory, cert, key, max_seconds=600):
        self.port = free_port()
        # The account's key, made for this test: Azurite reads its accounts from AZURITE_ACCOUNTS,
        # "name:base64key" (dist/src/common/AccountDataStore.js parserAccountsEnvironmentString).
        import base64
        self.account_key = base64.b64encode(os.urandom(64)).decode()
        env = dict(os.environ, AZURITE_ACCOUNTS=f"devstoreaccount1:{self.account_key}")
        self._out = open(os.path.join(directory, "azurite.log"), "w", encoding="utf-8")
        self.process = subprocess.Popen(
            ["timeout", "-k", "5", str(max_seconds), "node", AZURITE_BLOB, "--blobHost", "127.0.0.1",
             "--blobPort", str(self.port), "--oauth", "basic", "--cert", cert, "--key", key,
             "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck"],
            cwd=directory, env=env, stdin=subprocess.DEVNULL, stdout=self._out, stderr=subprocess.STDOUT)
        import socket
        deadline = time.time() + 30
        while True:
            if self.process.poll() is not None or time.time() > deadline:
                self.stop()
                with open(os.path.join(directory, "azurite.log"), encoding="utf-8") as f:
                    raise RuntimeError(f"Azurite did not start: {f.read()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        self.endpoint = f"https://127.0.0.1:{self.port}/devstoreaccount1"

    def connection_string(self):
        return (f"DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey={self.account_key};"
                f"BlobEndpoint={self.endpoint};")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._out.close()


class GitHubStandIn(LocalServer):
    """tests/emulator/github_api.py: the GitHub REST API (dispatches, issue comments, the OIDC
    token endpoint) on plain HTTP."""

    def __init__(self, directory, scenario=None, max_seconds=600):
        os.makedirs(directory, exist_ok=True)
        scenario_path = write_scenario(os.path.join(directory, "github-scenario.json"), scenario or {})
        super().__init__("github", ["python3", GITHUB_API, "--scenario", scenario_path,
                                    "--max-seconds", str(max_seconds), "--idle-seconds", "120"],
                         directory, os.path.join(directory, "github-requests.jsonl"))
        self.url = f"http://127.0.0.1:{self.port}"


class Started:
    def __init__(self, process, output_path, summary_path, az_log, bicep_log):
        self.process = process
        self.output_path = output_path
        self.summary_path = summary_path
        self.az_log = az_log
        self.bicep_log = bicep_log


class Result:
    def __init__(self, done, outputs, summary, az_calls, bicep_calls, workspace):
        self.code = done.returncode
        self.stdout = done.stdout
        self.stderr = done.stderr
        self.outputs = outputs
        self.summary = summary
        self.az_calls = az_calls  # the argument list of every az process bicepgate started
        self.bicep_calls = bicep_calls  # and of every Bicep CLI process, az's own included
        self.workspace = workspace

    def file(self, output):
        """The file an output names, as the job's next step opens it: a relative path is taken
        from the workspace, that step's working directory."""
        return os.path.join(self.workspace, self.outputs[output])

    def annotations(self, level="error"):
        prefix = f"::{level}"
        return [line for line in self.stdout.splitlines() if line.startswith(prefix + " ") or
                line.startswith(prefix + "::")]

    def __str__(self):
        return f"exit {self.code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


def parse_output_file(text):
    """GITHUB_OUTPUT as the runner reads it: name<<DELIM ... DELIM blocks."""
    outputs, lines, i = {}, text.split("\n"), 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line:
            name, delimiter = line.split("<<", 1)
            value = []
            i += 1
            while lines[i] != delimiter:
                value.append(lines[i])
                i += 1
            outputs[name] = "\n".join(value)
        elif line:
            raise AssertionError(f"unexpected line in GITHUB_OUTPUT: {line!r}")
        i += 1
    return outputs


def read_calls(log):
    if not os.path.exists(log):
        return []
    with open(log, encoding="utf-8") as f:
        return [line.split() for line in f.read().splitlines()]


class Runner:
    """One workspace, one logged-in az, one emulator: what a workflow job would have."""

    def __init__(self, scenario=None, files=None, max_seconds=600):
        self.tmp = tempfile.mkdtemp(prefix="bicepgate-e2e-")
        self.emulator = Emulator(self.tmp, scenario, max_seconds=max_seconds)
        self.workspace = os.path.join(self.tmp, "workspace")
        self.az_dir = os.path.join(self.tmp, "azure")
        self.base_env = {
            # The real Bicep CLI (scripts/install-deps puts the pinned one in /usr/local/bin).
            "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            "HOME": self.tmp,
            "LANG": "C.UTF-8",
            "AZURE_CONFIG_DIR": self.az_dir,
            "REQUESTS_CA_BUNDLE": self.emulator.cert,
            "MSI_ENDPOINT": self.emulator.base + "msi/token",
            "AZURE_CORE_COLLECT_TELEMETRY": "false",
        }
        self._login()
        self._make_workspace(files or {})
        self.counter_dir = os.path.join(self.tmp, "counters")
        os.makedirs(self.counter_dir)
        self._make_counter("az", "AZ_CALL_LOG")
        self._make_counter("bicep", "BICEP_CALL_LOG")

    def _make_counter(self, tool, log_variable):
        # A `tool` first on PATH that records each process start, then hands over to the real one.
        real = shutil.which(tool, path=self.base_env["PATH"])
        if real is None:
            raise RuntimeError(f"{tool} is not on PATH; scripts/install-deps installs it")
        script = os.path.join(self.counter_dir, tool)
        with open(script, "w", encoding="utf-8") as f:
            f.write(f"#!/bin/sh\nprintf '%s\\n' \"$*\" >> \"${log_variable}\"\n" f'exec "{real}" "$@"\n')
        os.chmod(script, 0o755)

    def _login(self):
        # As a workflow's earlier login step would: our cloud, then a managed-identity login.
        env = self.base_env
        run_checked(["az", "cloud", "register", "--name", "emulator",
                     "--endpoint-resource-manager", self.emulator.base], env)
        run_checked(["az", "cloud", "set", "--name", "emulator"], env)
        run_checked(["az", "login", "--identity"], env)
        run_checked(["az", "config", "set", "bicep.use_binary_from_path=true"], env)

    def _make_workspace(self, files):
        shutil.copytree(os.path.join(ROOT, "bicep"), os.path.join(self.workspace, "bicep"))
        for path, content in files.items():
            self.write(path, content)
        git = ["git", "-C", self.workspace]
        env = dict(self.base_env, GIT_AUTHOR_NAME="e2e", GIT_AUTHOR_EMAIL="e2e@example.com",
                   GIT_COMMITTER_NAME="e2e", GIT_COMMITTER_EMAIL="e2e@example.com")
        run_checked(["git", "init", "-q", "-b", "main", self.workspace], env)
        run_checked(git + ["add", "-A"], env)
        run_checked(git + ["commit", "-q", "-m", "initial"], env)
        self.sha = run_checked(git + ["rev-parse", "HEAD"], env).stdout.strip()

    def copy_fixture(self, source, destination):
        """Copies tests/fixtures/<source> (a file or a folder) into the workspace at destination."""
        origin = os.path.join(FIXTURES, source)
        target = os.path.join(self.workspace, destination)
        if os.path.isdir(origin):
            shutil.copytree(origin, target, dirs_exist_ok=True)
        else:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(origin, target)

    def write(self, path, content):
        full = os.path.join(self.workspace, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(content)

    def run(self, event="push", ref="refs/heads/main", payload=None, inputs=None, extra_env=None,
            timeout=300, args=("run",)):
        started = self.spawn(event, ref, payload, inputs, extra_env, args)
        try:
            stdout, stderr = started.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            started.process.kill()
            stdout, stderr = started.process.communicate()
        return self.collect(started, stdout, stderr)

    def spawn(self, event="push", ref="refs/heads/main", payload=None, inputs=None, extra_env=None, args=("run",)):
        """Starts bicepgate as the runner would and returns at once (for cancel tests)."""
        run_dir = tempfile.mkdtemp(prefix="run-", dir=self.tmp)
        event_path = os.path.join(run_dir, "event.json")
        with open(event_path, "w", encoding="utf-8") as f:
            json.dump(payload or {}, f)
        output_path = os.path.join(run_dir, "output")
        summary_path = os.path.join(run_dir, "summary.md")
        open(output_path, "w").close()
        open(summary_path, "w").close()
        env = dict(self.base_env)
        az_log = os.path.join(run_dir, "az-calls.log")
        env["PATH"] = self.counter_dir + os.pathsep + env["PATH"]
        env["AZ_CALL_LOG"] = az_log
        bicep_log = os.path.join(run_dir, "bicep-calls.log")
        env["BICEP_CALL_LOG"] = bicep_log
        env["SSL_CERT_FILE"] = self.emulator.cert
        env.update({
            "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": event, "GITHUB_EVENT_PATH": event_path,
            "GITHUB_REF": ref, "GITHUB_SHA": self.sha, "GITHUB_REPOSITORY": "contoso/platform",
            "GITHUB_RUN_ID": "4242", "GITHUB_WORKSPACE": self.workspace, "RUNNER_TEMP": run_dir,
            "GITHUB_OUTPUT": output_path, "GITHUB_STEP_SUMMARY": summary_path,
        })
        for name, value in (inputs or {}).items():
            env["INPUT_" + name.replace(" ", "_").upper()] = value
        env.update(extra_env or {})
        process = subprocess.Popen([BINARY, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, cwd=self.workspace, stdin=subprocess.DEVNULL)
        return Started(process, output_path, summary_path, az_log, bicep_log)

    def collect(self, started, stdout, stderr):
        done = subprocess.CompletedProcess(started.process.args, started.process.returncode, stdout, stderr)
        with open(started.output_path, encoding="utf-8") as f:
            outputs = parse_output_file(f.read())
        with open(started.summary_path, encoding="utf-8") as f:
            summary = f.read()
        return Result(done, outputs, summary, read_calls(started.az_log), read_calls(started.bicep_log),
                      self.workspace)

    def az_json(self, *args):
        """The real az, logged in to the emulator, as a person would run it; parsed JSON."""
        return json.loads(run_checked(["az", *args, "--output", "json"], self.base_env).stdout)

    def github(self, scenario=None):
        """A GitHub API stand-in for this runner; the run sees it as GITHUB_API_URL."""
        stand_in = GitHubStandIn(os.path.join(self.tmp, "github"), scenario)
        self._github = stand_in
        self.base_env["GITHUB_API_URL"] = stand_in.url
        return stand_in

    def bicepgate(self, *args):
        """bicepgate as a person runs it in the workspace (audit list, classify…)."""
        return subprocess.run([BINARY, *args], env=self.base_env, capture_output=True, text=True,
                              cwd=self.workspace, timeout=60, stdin=subprocess.DEVNULL)

    def azurite(self):
        """Azurite for this runner, with the emulator's certificate; az logs in to it through the
        emulator's managed-identity endpoint (storage-audience tokens, arm_emulator.fake_jwt)."""
        server = Azurite(self.tmp, self.emulator.cert, os.path.join(self.tmp, "key.pem"))
        self._azurite = server
        return server

    def close(self):
        if getattr(self, "_azurite", None):
            self._azurite.stop()
        self.emulator.stop()
        if getattr(self, "_github", None):
            self._github.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)


def pull_request_payload(number=7, head="feature/storage", base="main",
                         head_repo="contoso/platform", labels=()):
    return {"action": "opened", "number": number, "pull_request": {
        "number": number, "draft": False, "labels": [{"name": n} for n in labels],
        "head": {"ref": head, "sha": "0" * 40, "repo": {"full_name": head_repo}},
        "base": {"ref": base, "sha": "1" * 40, "repo": {"full_name": "contoso/platform"}}}}


class E2ETestCase(unittest.TestCase):
    scenario = None
    files = None

    def setUp(self):
        self.runner = Runner(self.scenario, self.files)
        self.addCleanup(self.runner.close)

    def deployments_created(self):
        return [r for r in self.runner.emulator.requests()
                if r["method"] == "PUT" and "/providers/Microsoft.Resources/deployments/" in r["path"]]

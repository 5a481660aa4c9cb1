"""Container scenarios: the real image (bicepgate:test, built by the container.image test from the
real Dockerfile) run through the runner model against the ARM emulator and the GitHub API
stand-in, both on 127.0.0.1. The container reaches them through --network host.

Each job gets what a hosted runner gives it: a checkout owned by the runner user (uid 1001, with
origin/main fetched, as actions/checkout with fetch-depth: 0), the job's _temp folders, an event
file, every action.yml input with its default. az in the image logs in by itself through OIDC
(client-id, tenant-id, subscription-id inputs; the runner's token endpoint is the stand-in), as
the README's quick start does. The one thing a real workflow would not need, pointing az at the
emulator's cloud, is an earlier step in the same image (`az cloud register`) writing to the
job's /github/home, which later container steps share."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
import runner_model as rm  # noqa: E402
from harness import Emulator, GitHubStandIn, pull_request_payload  # noqa: E402

SKIP_RETURN_CODE = 77
IMAGE = os.environ.get("BICEPGATE_IMAGE", "bicepgate:test")
CLIENT_ID = "11111111-2222-4333-8444-555555555555"
TENANT_ID = "00000000-0000-4000-8000-0000000000aa"
SUBSCRIPTION_ID = "00000000-0000-4000-8000-000000000001"
ID_TOKEN = "eyJRunnerModel.OidcToken.Value"
AUDIENCE = "api://AzureADTokenExchange"
GIT_ENV = {"GIT_AUTHOR_NAME": "dev", "GIT_AUTHOR_EMAIL": "dev@example.com",
           "GIT_COMMITTER_NAME": "dev", "GIT_COMMITTER_EMAIL": "dev@example.com",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}
STEP_TIMEOUT = 420  # seconds; the step's timeout-minutes in these workflows


def skip_reason():
    """Why the container scenarios cannot run here, or None."""
    reason = os.environ.get("BICEPGATE_DOCKER_SKIP")
    if reason:
        return reason
    if shutil.which("docker") is None:
        return "no docker client on PATH"
    return None


def git(cwd, *args, env=None):
    done = subprocess.run(["git", "-C", cwd, *args], env=dict(os.environ, **GIT_ENV, **(env or {})),
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {done.stderr}")
    return done.stdout.strip()


def run_as_runner_user(argv, cwd, env, timeout=60):
    """A later `run:` step on the host: the runner user (uid 1001), the host paths."""
    return subprocess.run(["setpriv", f"--reuid={rm.RUNNER_UID}", f"--regid={rm.RUNNER_UID}",
                           "--clear-groups", *argv], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


class Origin:
    """The repository on GitHub: main with the sample platform (no .github/bicepgate.yml), and
    branches a scenario adds."""

    def __init__(self, directory, files=None):
        self.path = directory
        os.makedirs(directory)
        git(directory, "init", "-q", "-b", "main")
        shutil.copytree(os.path.join(ROOT, "bicep"), os.path.join(directory, "bicep"))
        for path, content in (files or {}).items():
            self.write(path, content)
        git(directory, "add", "-A")
        git(directory, "commit", "-q", "-m", "The sample platform")

    def write(self, path, content):
        full = os.path.join(self.path, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(content)

    def append(self, path, content):
        with open(os.path.join(self.path, path), "a", encoding="utf-8") as f:
            f.write(content)

    def commit(self, message, allow_empty=False):
        git(self.path, "add", "-A")
        git(self.path, "commit", "-q", *(["--allow-empty"] if allow_empty else []), "-m", message)
        return git(self.path, "rev-parse", "HEAD")

    def branch(self, name, start="main"):
        git(self.path, "checkout", "-q", "-b", name, start)

    def checkout(self, name):
        git(self.path, "checkout", "-q", name)

    def sha(self, rev="HEAD"):
        return git(self.path, "rev-parse", rev)


class ContainerScenario(unittest.TestCase):
    emulator_scenario = None
    github_scenario = None
    origin_files = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="bicepgate-runner-")
        os.chmod(self.tmp, 0o755)
        self.addCleanup(shutil.rmtree, self.tmp, True)
        scenario = dict(self.emulator_scenario or {})
        scenario.setdefault("service_principal", {"client_id": CLIENT_ID,
                                                  "federated_token": ID_TOKEN + ":" + AUDIENCE})
        emulator_dir = os.path.join(self.tmp, "emulator")
        os.makedirs(emulator_dir)
        self.emulator = Emulator(emulator_dir, scenario, max_seconds=900)
        self.addCleanup(self.emulator.stop)
        github = dict(self.github_scenario or {})
        github.setdefault("oidc_token", ID_TOKEN)
        self.github = GitHubStandIn(os.path.join(self.tmp, "github"), github, max_seconds=900)
        self.addCleanup(self.github.stop)
        self.origin = Origin(os.path.join(self.tmp, "origin"), self.origin_files)
        self.jobs = 0

    # --- a job on a hosted runner ---------------------------------------------------------------

    def job(self, event_name="push", ref="refs/heads/main", branch="main", payload=None, run_attempt="1"):
        """A fresh job: its folders, the checkout (actions/checkout, fetch-depth: 0), owned by the
        runner user, and the emulator's cloud registered in the job's /github/home. A pull
        request's checkout is its merge commit (refs/pull/N/merge: the head merged into the
        base), as GitHub prepares it; GITHUB_SHA is that commit."""
        self.jobs += 1
        root = os.path.join(self.tmp, f"job{self.jobs}")
        checkout = os.path.join(self.tmp, f"checkout{self.jobs}")
        subprocess.run(["git", "clone", "-q", "--no-hardlinks", self.origin.path, checkout],
                       check=True, timeout=60, capture_output=True, env=dict(os.environ, **GIT_ENV))
        head = self.origin.sha(branch)
        if event_name == "pull_request":
            base = (payload or {}).get("pull_request", {}).get("base", {}).get("ref", "main")
            git(checkout, "checkout", "-q", "--detach", f"origin/{base}")
            git(checkout, "merge", "-q", "--no-ff", "--no-edit", "-m", f"Merge {head} into {base}", head)
        else:
            git(checkout, "checkout", "-q", "--detach", head)
        sha = git(checkout, "rev-parse", "HEAD")
        if payload is None:
            payload = {"ref": ref, "before": git(checkout, "rev-parse", "HEAD~1") if
                       git(checkout, "rev-list", "--count", "HEAD") != "1" else "0" * 40,
                       "after": sha, "repository": {"full_name": "contoso/platform"},
                       "pusher": {"name": "octocat"}}
        job = rm.Job(root, event_name=event_name, ref=ref, sha=sha, event=payload,
                     id_token_url=self.github.url + "/oidc/token?api-version=2.0",
                     run_attempt=run_attempt, extra_github={"api_url": self.github.url})
        os.rmdir(job.workspace)
        shutil.move(checkout, job.workspace)
        shutil.copy(self.emulator.cert, os.path.join(job.temp, "emulator-ca.pem"))
        job.own_workspace()
        self.register_cloud(job)
        return job

    def step_env(self, job):
        """The step's env: block: trust the emulator's certificate."""
        ca = os.path.join(job.temp, "emulator-ca.pem")
        return {"REQUESTS_CA_BUNDLE": ca, "SSL_CERT_FILE": ca}

    def register_cloud(self, job):
        """An earlier step, `uses: docker://bicepgate:test` with entrypoint /bin/sh, that points
        the image's az at the emulator (writes /github/home/.azure)."""
        base = self.emulator.base
        script = (f"az cloud register --name emulator --endpoint-resource-manager {base} --output none && "
                  f"az cloud update --name emulator --endpoint-active-directory {base}adfs "
                  "--endpoint-active-directory-resource-id https://management.core.windows.net/ "
                  "--output none && az cloud set --name emulator --output none")
        action = os.path.join(self.tmp, "register-cloud")
        os.makedirs(action, exist_ok=True)
        with open(os.path.join(action, "action.yml"), "w", encoding="utf-8") as f:
            json.dump({"name": "register cloud", "runs": {"using": "docker", "image": "docker://" + IMAGE,
                                                          "entrypoint": "/bin/sh", "args": ["-c", script]}}, f)
        result = job.run_action(action, IMAGE, step_env=self.step_env(job), timeout=180)
        if result.exit_code != 0:
            raise RuntimeError(f"registering the emulator's cloud failed:\n{result}")

    def run_bicepgate(self, job, inputs=None, **kwargs):
        """`uses: ./` with the login inputs and the scenario's own."""
        with_inputs = {"client-id": CLIENT_ID, "tenant-id": TENANT_ID, "subscription-id": SUBSCRIPTION_ID}
        with_inputs.update(inputs or {})
        action = rm.copy_action(ROOT, os.path.join(self.tmp, "action"))
        result = job.run_action(action, IMAGE, with_inputs=with_inputs, step_env=self.step_env(job),
                                timeout=kwargs.pop("timeout", STEP_TIMEOUT), **kwargs)
        if os.environ.get("BICEPGATE_SCENARIO_SHOW"):  # what the runner showed, also on success
            print(f"\n=== {self.id()}\n{result}\n--- summary\n{result.summary}", flush=True)
        return result

    # --- what the scenarios check --------------------------------------------------------------

    def open_on_host(self, job, path):
        """What the next host step does with an output path: open it as the runner user, in the
        workspace (a relative path is the workspace's)."""
        done = run_as_runner_user(["cat", "--", path], job.workspace, job.host_step_env())
        self.assertEqual(done.returncode, 0, f"a host step cannot open the output {path!r}: {done.stderr}")
        return done.stdout

    def deployments_created(self):
        return [r for r in self.emulator.requests()
                if r["method"] == "PUT" and "/providers/Microsoft.Resources/deployments/" in r["path"]]

    def assert_no_annotation_dropped(self, result):
        """Every ##[error]/##[warning]/##[notice] in the log became an annotation: the product
        stayed within the runner's 10 per type, so nothing was silently dropped."""
        for kind in ("error", "warning", "notice"):
            logged = [line for line in result.log if line.startswith(f"##[{kind}]")]
            kept = result.annotations_of(kind)
            self.assertEqual(len(logged), len(kept),
                             f"the runner dropped {len(logged) - len(kept)} {kind} annotation(s) past "
                             f"the 10 it keeps:\n{result}")

    def assert_log_in_groups(self, result, expected_groups):
        titles = [title for title, _ in result.groups() if title is not None]
        for title in expected_groups:
            self.assertIn(title, titles, f"no ::group::{title} in the log:\n{result}")


def main(argv):
    """Runs one scenario (unittest id); prints the skip reason and exits 77 when docker is absent."""
    reason = skip_reason()
    if reason:
        print(f"SKIP: the container scenarios need dockerd: {reason}")
        return SKIP_RETURN_CODE
    done = subprocess.run(["docker", "image", "inspect", IMAGE], capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        print(f"the image {IMAGE} is missing (the container.image test builds it): {done.stderr.strip()}")
        return 1
    os.chdir(HERE)
    program = unittest.main(module=None, argv=["scenarios", "-v", *argv], exit=False)
    return 0 if program.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Self-tests of the runner model: each rule fed canned streams, files and manifests, no docker.
Each test fails when its rule is broken in runner_model.py."""

import base64
import json
import os
import shutil
import sys
import tempfile
import textwrap
import time
import unittest
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runner_model as rm  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def make_step(secrets=(), workspace="/home/runner/work/platform/platform"):
    masker = rm.SecretMasker()
    for s in secrets:
        masker.add_value(s)
    ctx = rm.StepContext(masker, workspace, "contoso/platform")
    paths = rm.PathMappings()
    paths.add("/home/runner/work/_temp", "/github/runner_temp")
    paths.add(workspace, "/github/workspace")
    commands = rm.ActionCommandManager(ctx, masker, paths)
    return ctx, rm.OutputManager(ctx, commands), rm.OutputManager(ctx, commands)


def feed(lines, secrets=()):
    ctx, out, _ = make_step(secrets)
    for line in lines:
        out.on_line(line)
    return ctx


class Parsing(unittest.TestCase):
    def test_v2_command_after_leading_whitespace(self):
        ctx = feed(["   \t::error file=a.bicep,line=3::broken"])
        self.assertEqual(len(ctx.annotations), 1)
        self.assertEqual(ctx.annotations[0]["file"], "a.bicep")
        self.assertEqual(ctx.log, ["##[error]broken"])

    def test_v2_command_not_at_start_is_plain_output(self):
        ctx = feed(["text ::error::not a command"])
        self.assertEqual(ctx.annotations, [])
        self.assertEqual(ctx.log, ["text ::error::not a command"])

    def test_legacy_form_anywhere_in_the_line(self):
        ctx = feed(["some prefix ##[error]legacy error", "##[warning file=x.bicep;line=2]w"])
        self.assertEqual([a["type"] for a in ctx.annotations], ["error", "warning"])
        self.assertEqual(ctx.annotations[0]["message"], "legacy error")
        self.assertEqual(ctx.annotations[1]["line"], "2")

    def test_unknown_command_is_output(self):
        ctx = feed(["::frobnicate::x", "##[command]docker run"])
        self.assertEqual(ctx.annotations, [])
        self.assertEqual(ctx.log, ["::frobnicate::x", "##[command]docker run"])

    def test_command_names_ignore_case(self):
        ctx = feed(["::ERROR::upper"])
        self.assertEqual(len(ctx.annotations), 1)

    def test_data_and_property_unescaping(self):
        ctx = feed(["::error title=a%3Ab%2Cc,file=f%25.bicep::line1%0Aline2%25"])
        a = ctx.annotations[0]
        self.assertEqual(a["title"], "a:b,c")
        self.assertEqual(a["file"], "f%.bicep")
        self.assertEqual(a["message"], "line1\nline2%")
        self.assertEqual(ctx.log, ["##[error]line1", "line2%"])

    def test_legacy_unescaping_includes_bracket_and_semicolon(self):
        ctx = feed(["##[error]a%5Db%3Bc"])
        self.assertEqual(ctx.annotations[0]["message"], "a]b;c")

    def test_group_and_endgroup_structure(self):
        ctx = feed(["before", "::group::Lint", "inside", "::endgroup::", "after"])
        self.assertEqual(ctx.log, ["before", "##[group]Lint", "inside", "##[endgroup]", "after"])
        self.assertEqual(rm.log_groups(ctx.log), [(None, ["before"]), ("Lint", ["inside"]), (None, ["after"])])

    def test_runner_markers_in_output_are_defused(self):
        ctx = feed(["x ##[start-action y"])
        self.assertEqual(ctx.log, ["x ##[\\start-action y"])


class Masking(unittest.TestCase):
    def test_mask_applies_only_after_the_command(self):
        ctx = feed(["token is hunter2hunter2", "::add-mask::hunter2hunter2", "token is hunter2hunter2"])
        self.assertEqual(ctx.log, ["token is hunter2hunter2", "token is ***"])

    def test_add_mask_is_not_echoed(self):
        ctx = feed(["::add-mask::s3cr3tvalue"])
        self.assertEqual(ctx.log, [])

    def test_encoded_forms_are_masked(self):
        secret = 'pa"ss/wo rd&x'
        ctx = feed(["::add-mask::" + secret,
                    "b64 " + base64.b64encode(secret.encode()).decode(),
                    "json " + json.dumps(secret)[1:-1],
                    "url " + "pa%22ss%2Fwo%20rd%26x"])
        self.assertEqual(ctx.log, ["b64 ***", "json ***", "url ***"])

    def test_each_line_of_a_multiline_mask(self):
        ctx = feed(["::add-mask::first-line%0Asecond-line", "a second-line b"])
        self.assertEqual(ctx.log, ["a *** b"])

    def test_overlapping_matches_merge(self):
        m = rm.SecretMasker()
        m.add_value("abcdef")
        m.add_value("defghi")
        self.assertEqual(m.mask("xxabcdefghiyy"), "xx***yy")

    def test_annotations_are_masked_and_secrets_from_the_job(self):
        ctx = feed(["::error::leaked ghs_Token123456"], secrets=["ghs_Token123456"])
        self.assertEqual(ctx.annotations[0]["message"], "leaked ***")

    def test_empty_mask_warns(self):
        ctx = feed(["::add-mask::  "])
        self.assertEqual(ctx.annotations[0]["type"], "warning")


class StopCommands(unittest.TestCase):
    def test_stop_and_resume(self):
        ctx = feed(["::stop-commands::tok-1234567", "::error::shown raw", "::add-mask::notamask",
                    "::tok-1234567::", "::error::processed", "notamask"])
        self.assertEqual([a["message"] for a in ctx.annotations], ["processed"])
        # The token is masked (longer than 6), the raw lines are shown, resuming is echoed.
        self.assertEqual(ctx.log, ["::stop-commands::***", "::error::shown raw", "::add-mask::notamask",
                                   "::***::", "##[error]processed", "notamask"])

    def test_a_command_name_is_no_token(self):
        ctx = feed(["::stop-commands::error", "::warning::still processed"])
        self.assertEqual([a["type"] for a in ctx.annotations], ["error", "error", "warning"])
        self.assertTrue(ctx.command_failed)

    def test_stopped_state_is_shared_by_both_streams(self):
        ctx, out, err = make_step()
        out.on_line("::stop-commands::shared-token-1")
        err.on_line("::error::raw on stderr")
        self.assertEqual(ctx.annotations, [])


class Annotations(unittest.TestCase):
    def test_at_most_ten_per_type_and_the_rest_dropped_but_logged(self):
        lines = [f"::error::e{i}" for i in range(12)] + [f"::warning::w{i}" for i in range(11)] + ["::notice::n"]
        ctx = feed(lines)
        errors = [a["message"] for a in ctx.annotations if a["type"] == "error"]
        self.assertEqual(errors, [f"e{i}" for i in range(10)])
        self.assertEqual(len([a for a in ctx.annotations if a["type"] == "warning"]), 10)
        self.assertEqual(len([a for a in ctx.annotations if a["type"] == "notice"]), 1)
        self.assertIn("##[error]e11", ctx.log)

    def test_message_cut_at_4096(self):
        ctx = feed(["::error::" + "x" * 5000])
        self.assertEqual(len(ctx.annotations[0]["message"]), 4096)

    def test_container_file_path_becomes_workspace_relative(self):
        ctx = feed(["::error file=/github/workspace/bicep/main.bicep,line=4,col=2::bad"])
        a = ctx.annotations[0]
        self.assertEqual((a["file"], a["line"], a["col"]), ("bicep/main.bicep", "4", "2"))

    def test_line_and_column_validation(self):
        ctx = feed(["::error file=a,col=3::no line", "::error file=a,line=5,endLine=2::backwards"])
        self.assertIsNone(ctx.annotations[0]["col"])
        self.assertIsNone(ctx.annotations[1]["line"])


class FileCommands(unittest.TestCase):
    def test_plain_and_heredoc(self):
        text = "a=1\nb<<EOF\nline1\nline2\nEOF\nc=x=y\nempty<<E\nE\n"
        self.assertEqual(rm.parse_env_file(text),
                         [("a", "1"), ("b", "line1\nline2"), ("c", "x=y"), ("empty", "")])

    def test_delimiter_ends_the_value_at_its_first_line(self):
        self.assertEqual(rm.parse_env_file("v<<D\nxD\nD\n"), [("v", "xD")])  # a substring is fine
        # A value holding the delimiter as a line ends there; the rest is read as new lines.
        self.assertEqual(rm.parse_env_file("v<<D\nx\nD\ny=1\nD=\n"), [("v", "x"), ("y", "1"), ("D", "")])
        with self.assertRaises(rm.FileCommandError):
            rm.parse_env_file("v<<D\nx\nD\nleft over\nD\n")

    def test_missing_delimiter_fails(self):
        with self.assertRaises(rm.FileCommandError):
            rm.parse_env_file("v<<EOF\nno end\n")

    def test_value_line_without_newline_before_eof_fails(self):
        with self.assertRaises(rm.FileCommandError):
            rm.parse_env_file("v<<EOF\nno newline")

    def test_equals_before_heredoc_is_plain(self):
        self.assertEqual(rm.parse_env_file("a=b<<c\n"), [("a", "b<<c")])

    def test_a_bad_output_file_fails_the_step_with_errors(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        files = {}
        for name, prefix, _ in rm.FILE_COMMANDS:
            files[name] = os.path.join(tmp, prefix + "x")
            open(files[name], "w").close()
        with open(files["output"], "w") as f:
            f.write("just a line\n")
        ctx, _, _ = make_step()
        rm.process_file_commands(ctx, files)
        self.assertTrue(ctx.command_failed)
        self.assertEqual(ctx.annotations[0]["message"], "Unable to process file command 'output' successfully.")

    def test_summary_over_one_mib_is_dropped_whole(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        path = os.path.join(tmp, "summary")
        with open(path, "w") as f:
            f.write("x" * (1024 * 1024) + "\n")
        ctx, _, _ = make_step()
        self.assertIsNone(rm._read_step_summary(ctx, path))
        self.assertIn("upload aborted, supports content up to a size of 1024k, got 1024k",
                      ctx.annotations[0]["message"])
        with open(path, "w") as f:
            f.write("y" * (1024 * 1024 - 1) + "\n")
        ctx, _, _ = make_step()
        self.assertEqual(len(rm._read_step_summary(ctx, path)), 1024 * 1024)

    def test_summary_is_masked(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        path = os.path.join(tmp, "summary")
        with open(path, "w") as f:
            f.write("a topsecret1 b\n")
        ctx, _, _ = make_step(secrets=["topsecret1"])
        self.assertEqual(rm._read_step_summary(ctx, path), "a *** b\n")


class Ordering(unittest.TestCase):
    def test_stderr_lines_of_a_batch_come_before_stdout_lines(self):
        ctx, out, err = make_step()
        rm.deliver_batches([(["e1", "e2"], ["o1"]), (["e3"], ["o2", "o3"])], out, err)
        self.assertEqual(ctx.log, ["e1", "e2", "o1", "e3", "o2", "o3"])

    def test_a_value_on_stderr_prints_before_its_mask_on_stdout(self):
        ctx, out, err = make_step()
        rm.deliver_batches([(["secret is verysecret1"], ["::add-mask::verysecret1"])], out, err)
        self.assertEqual(ctx.log, ["secret is verysecret1"])

    def test_live_process_streams_are_batched_stderr_first(self):
        script = ("import sys,time\nsys.stdout.write('o1\\n');sys.stdout.flush()\n"
                  "sys.stderr.write('e1\\n');sys.stderr.flush()\n")
        ctx, out, err = make_step()
        code, stopped = rm.run_process([sys.executable, "-c", script], dict(os.environ), "/", out, err,
                                       timeout=30, batch_window=0.3)
        self.assertEqual((code, stopped), (0, None))
        self.assertEqual(ctx.log, ["e1", "o1"])

    def test_split_read_lines(self):
        self.assertEqual(rm.split_read_lines("a\r\n"), ["a"])
        self.assertEqual(rm.split_read_lines("a\rb\n"), ["a", "b"])
        self.assertEqual(rm.split_read_lines("tail"), ["tail"])


class Cancel(unittest.TestCase):
    def test_timings_are_the_runners(self):
        self.assertEqual((rm.SIGINT_TIMEOUT, rm.SIGTERM_TIMEOUT), (7.5, 2.5))

    def run_until_cancelled(self, script):
        ctx, out, err = make_step()
        started = time.monotonic()
        code, stopped = rm.run_process([sys.executable, "-c", script], dict(os.environ), "/", out, err,
                                       timeout=60, cancel_when=lambda line: line == "ready")
        return ctx, code, stopped, time.monotonic() - started

    def test_sigint_first(self):
        ctx, code, stopped, took = self.run_until_cancelled(textwrap.dedent("""
            import signal, sys, time
            def on(sig, frame):
                print("got", signal.Signals(sig).name, flush=True); sys.exit(3)
            signal.signal(signal.SIGINT, on)
            print("ready", flush=True)
            time.sleep(30)
        """))
        self.assertEqual(stopped, "cancelled")
        self.assertIn("got SIGINT", ctx.log)
        self.assertEqual(code, 3)
        self.assertLess(took, 5)

    def test_step_timeout_stops_the_same_way_and_fails(self):
        ctx, out, err = make_step()
        code, stopped = rm.run_process([sys.executable, "-c", "import time; time.sleep(30)"], dict(os.environ),
                                       "/", out, err, timeout=0.5)
        self.assertEqual(stopped, "timed_out")
        self.assertNotEqual(code, 0)

    def test_sigterm_after_sigint_is_ignored_then_kill(self):
        with mock.patch.object(rm, "SIGINT_TIMEOUT", 0.5), mock.patch.object(rm, "SIGTERM_TIMEOUT", 0.5):
            ctx, code, stopped, _ = self.run_until_cancelled(textwrap.dedent("""
                import signal, time
                seen = []
                def on(sig, frame):
                    print("got", signal.Signals(sig).name, flush=True)
                signal.signal(signal.SIGINT, on)
                signal.signal(signal.SIGTERM, on)
                print("ready", flush=True)
                while True: time.sleep(0.05)
            """))
        self.assertEqual(stopped, "cancelled")
        self.assertEqual([l for l in ctx.log if l.startswith("got")], ["got SIGINT", "got SIGTERM"])
        self.assertEqual(code, -9)


FAKE_DOCKER = """#!/usr/bin/env python3
import json, os, sys
argv = sys.argv[1:]
names = [argv[i + 1] for i, a in enumerate(argv) if a == "-e"]
env = {}
for n in names:
    if "=" in n:
        k, v = n.split("=", 1); env[k] = v
    elif n in os.environ:
        env[n] = os.environ[n]
with open(os.environ["FAKE_DOCKER_RECORD"], "w") as f:
    json.dump({"argv": argv, "env": env}, f)
# The container writes its outputs through the mounted file_commands folder.
mounts = dict(argv[i + 1].split(":", 1)[::-1] for i, a in enumerate(argv) if a == "-v")
host_output = env["GITHUB_OUTPUT"].replace("/github/file_commands", mounts["/github/file_commands"])
with open(host_output, "a") as f:
    f.write("state<<EOF\\ncompleted\\nEOF\\n")
print("::notice::hello")
sys.exit(0)
"""


class ContainerStep(unittest.TestCase):
    """Job.run_action with a stand-in docker client that records what it was given."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)
        self.docker = os.path.join(self.tmp, "docker")
        with open(self.docker, "w") as f:
            f.write(FAKE_DOCKER)
        os.chmod(self.docker, 0o755)
        self.record = os.path.join(self.tmp, "record.json")
        self.job = rm.Job(os.path.join(self.tmp, "job"), id_token_url="http://127.0.0.1:1/oidc",
                          env={"WORKFLOW_VAR": "w"})
        self.action = os.path.join(self.tmp, "action")
        rm.copy_action(ROOT, self.action)

    def run_step(self, **kwargs):
        env = dict(os.environ, FAKE_DOCKER_RECORD=self.record)
        result = self.job.run_action(self.action, "bicepgate:test", docker=self.docker, docker_env=env,
                                     timeout=30, **kwargs)
        with open(self.record) as f:
            return result, json.load(f)

    def test_every_input_is_set_with_its_default_and_hyphens_kept(self):
        result, seen = self.run_step(with_inputs={"plan-only": "true"})
        env = seen["env"]
        self.assertEqual(env["INPUT_CONFIG"], ".github/bicepgate.yml")
        self.assertEqual(env["INPUT_PLAN-ONLY"], "true")
        self.assertEqual(env["INPUT_MAX-FIX-ATTEMPTS"], "3")
        self.assertEqual(env["INPUT_ENVIRONMENT"], "")
        self.assertEqual(env["INPUT_GITHUB-TOKEN"], self.job.github_token)
        import yaml
        with open(os.path.join(ROOT, "action.yml")) as f:
            declared = yaml.safe_load(f)["inputs"]
        self.assertEqual({k for k in env if k.startswith("INPUT_")},
                         {"INPUT_" + k.upper() for k in declared})

    def test_input_names_with_spaces(self):
        self.assertEqual(self.job.evaluate_inputs({"inputs": {}}, {"my input": "v"}), {"my input": "v"})
        result, seen = self.run_step(with_inputs={"my input": "v"})
        self.assertEqual(seen["env"]["INPUT_MY_INPUT"], "v")
        self.assertTrue(any("Unexpected input(s) 'my input'" in a["message"] for a in result.annotations))

    def test_paths_translated_and_runner_env(self):
        _, seen = self.run_step()
        env = seen["env"]
        self.assertEqual(env["HOME"], "/github/home")
        self.assertEqual(env["GITHUB_WORKSPACE"], "/github/workspace")
        self.assertEqual(env["GITHUB_EVENT_PATH"], "/github/workflow/event.json")
        self.assertEqual(env["RUNNER_TEMP"], "/github/runner_temp")
        for name in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_STEP_SUMMARY", "GITHUB_STATE", "GITHUB_PATH",
                     "GITHUB_ARTIFACTS", "GITHUB_ARTIFACTS_LIST"):
            self.assertTrue(env[name].startswith("/github/file_commands/"), (name, env[name]))
        self.assertEqual(env["GITHUB_ACTIONS"], "true")
        self.assertEqual(env["CI"], "true")
        self.assertEqual(env["WORKFLOW_VAR"], "w")
        self.assertEqual(env["ACTIONS_ID_TOKEN_REQUEST_URL"], "http://127.0.0.1:1/oidc")
        self.assertIn("ACTIONS_RUNTIME_TOKEN", env)
        self.assertEqual(env["RUNNER_OS"], "Linux")
        self.assertNotIn("PATH", env)  # the host PATH is not passed into the container

    def test_docker_run_options(self):
        _, seen = self.run_step()
        argv = seen["argv"]
        self.assertEqual(argv[0], "run")
        self.assertEqual(argv[argv.index("--workdir") + 1], "/github/workspace")
        self.assertIn("--rm", argv)
        self.assertNotIn("--user", argv)
        self.assertEqual(argv[argv.index("--network") + 1], "host")
        volumes = {argv[i + 1].split(":")[1] for i, a in enumerate(argv) if a == "-v"}
        self.assertTrue({"/github/workspace", "/github/home", "/github/workflow", "/github/file_commands",
                         "/github/runner_temp"} <= volumes)
        self.assertEqual(argv[-2:], ["bicepgate:test", "run"])

    def test_outputs_and_annotations_read_back(self):
        result, _ = self.run_step()
        self.assertEqual(result.outputs, {"state": "completed"})
        self.assertEqual([(a["type"], a["message"]) for a in result.annotations], [("notice", "hello")])
        self.assertEqual(result.conclusion, "success")
        self.assertTrue(result.log[0].startswith("##[command]"))

    def test_step_env_values_are_translated_too(self):
        _, seen = self.run_step(step_env={"CA": os.path.join(self.job.temp, "ca.pem"),
                                          "SRC": os.path.join(self.job.workspace, "bicep"),
                                          "ELSEWHERE": "/etc/ssl"})
        self.assertEqual(seen["env"]["CA"], "/github/runner_temp/ca.pem")
        self.assertEqual(seen["env"]["SRC"], "/github/workspace/bicep")
        self.assertEqual(seen["env"]["ELSEWHERE"], "/etc/ssl")
        self.assertEqual(seen["env"]["RUNNER_WORKSPACE"], os.path.dirname(self.job.workspace))

    def test_without_id_token_permission_no_oidc_env(self):
        _, seen = self.run_step(id_token_permission=False)
        self.assertNotIn("ACTIONS_ID_TOKEN_REQUEST_URL", seen["env"])


if __name__ == "__main__":
    unittest.main()

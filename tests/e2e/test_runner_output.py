"""What the runner sees: one stream under Actions, so log lines sit inside their group; no
outside text that reads as a workflow command; the failure annotation first and at most 10
per type (actions/runner ExecutionContext.cs); every diagnostic in the summary."""

import re
import unittest

import harness
from harness import E2ETestCase

# The Bicep test double (its folder is BICEP_BIN) replays recordings only; errors of a new
# template need the real Bicep CLI, which the harness runs once it no longer has the double.
REAL_COMPILER = not hasattr(harness, "BICEP_BIN")


def could_be_command(line):
    """The runner's two parsers (ActionCommand.cs): '::' after leading whitespace (TryParseV2),
    '##[' anywhere (TryParse). Control and non-ASCII characters are dropped first: the runner
    compares culture-sensitively, where zero-width and control characters are ignorable."""
    visible = "".join(c for c in line if " " <= c <= "~")
    return visible.lstrip(" ").startswith("::") or "##[" in visible


def runner_lines(text):
    # StreamReader.ReadLine splits on \n, \r\n and a lone \r.
    return re.split(r"\r\n|\r|\n", text)


OURS = ("::group::", "::endgroup::", "::add-mask::", "::error", "::warning", "::notice", "::debug::")


class OneStream(E2ETestCase):
    def test_log_lines_sit_inside_their_group_on_stdout(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 0, result)
        self.assertNotIn("[info]", result.stderr)
        lines = result.stdout.splitlines()
        start = lines.index("::group::lint")
        end = lines.index("::endgroup::", start)
        self.assertTrue(any(l.startswith("[info] lint:") for l in lines[start:end]), result)


class InjectedCommands(E2ETestCase):
    # A resource provider's message quoting text that would be commands if printed raw.
    scenario = {"deployments": [{"name": "bicepgate-prod", "error": {
        "code": "DeploymentFailed", "message": "At least one resource deployment operation failed.",
        "details": [{"code": "InvalidParameter", "message":
                     "bad value\n  ::error title=pwned::injected\r::add-mask::x\n##[warning]legacy"}]}}]}

    def test_outside_text_never_starts_a_command_on_either_stream(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        # az's own error output is shown raw, between ::stop-commands::<token> and ::<token>::
        # (ActionCommandManager.cs: nothing in between is processed).
        token = re.search(r"^::stop-commands::([0-9a-f]{32})$", result.stdout, re.M)
        self.assertIsNotNone(token, result)
        raw = result.stdout.split(token.group(0), 1)[1].split(f"::{token.group(1)}::", 1)
        self.assertEqual(len(raw), 2, result)
        self.assertIn("::error title=pwned::injected", raw[0])
        shown = result.stdout.replace(raw[0], "\n")
        for stream in (shown, result.stderr):
            for line in runner_lines(stream):
                if could_be_command(line):
                    ours = line.startswith(OURS + ("::stop-commands::",)) or line == f"::{token.group(1)}::"
                    self.assertTrue(ours, f"{line!r} reads as a command\n{result}")
                    # The injected text is only ever data (after the second ::), escaped.
                    self.assertNotIn("pwned", line[2:].split("::", 1)[0], line)
        # Inside an annotation's data '##[' is harmless: TryParseV2 has already taken the line.
        for line in runner_lines(shown + result.stderr):
            if not line.startswith(("::error", "::warning", "::notice")):
                self.assertNotIn("##[", line)
        self.assertIn("> ", result.stdout)


class InjectedThroughConfig(E2ETestCase):
    # A pull request's own config: a key that quotes commands, which the unknown-key error repeats.
    files = {".github/bicepgate.yml": 'environments:\n  dev:\n    resource-group: rg-aos-dev\n'
                                      '    "x\\n::stop-commands::pwned\\r##[set-output name=state;]completed'
                                      '\\n  ::add-mask::dev": 1\n'}

    def assert_no_command_but_ours(self, result):
        for stream in (result.stdout, result.stderr):
            for line in runner_lines(stream):
                if could_be_command(line):
                    self.assertTrue(line.startswith(OURS), f"{line!r} reads as a command\n{result}")
                    self.assertNotIn("pwned", line.split("::", 2)[1], line)

    def test_a_config_key_quoting_commands_is_refused_without_starting_one(self):
        result = self.runner.run(event="push", ref="refs/heads/develop")
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["state"], "failed")
        self.assertIn("stop-commands::pwned", result.stdout + result.stderr)
        self.assert_no_command_but_ours(result)

    def test_bicepgate_route_in_a_step_prints_the_refusal_without_starting_a_command(self):
        done = self.runner.bicepgate("route", "--event-name", "push", "--ref", "refs/heads/develop")
        self.assertEqual(done.returncode, 1, done)
        self.assertIn("pwned", done.stderr)
        self.assert_no_command_but_ours(done)


@unittest.skipUnless(REAL_COMPILER, "needs the real Bicep CLI; the harness still runs the double")
class ManyErrors(E2ETestCase):
    files = {"bicep/main.bicep": "".join(f"output o{i} string = missingSymbol{i}\n" for i in range(1, 15))}

    def test_the_failure_comes_first_and_the_rest_fold_into_the_tenth(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        errors = result.annotations("error")
        self.assertEqual(len(errors), 10, result)
        self.assertIn("title=bicepgate%3A", errors[0])
        self.assertIn("failed", errors[0])
        self.assertIn("more errors", errors[9])
        self.assertIn("bicep/main.bicep:14", errors[9])
        for i in range(1, 15):
            self.assertIn(f"`bicep/main.bicep:{i}:", result.summary)


if __name__ == "__main__":
    unittest.main()

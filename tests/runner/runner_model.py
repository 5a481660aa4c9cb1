"""A model of GitHub's runner (actions/runner) running a Docker container action.

Given action.yml, a step's `with:` inputs, an event payload and a host workspace, it runs the
action's image the way actions/runner does and returns what the runner would show: outputs,
annotations, the log (masked, with its ::group:: structure), the step summary and the exit code.

Every rule names the actions/runner source file (and method) it follows. The sources read were
github.com/actions/runner at commit 258d6c857db3519913f7deb6004b60172f8043ae (2026-08-17):
  src/Runner.Worker/ActionRunner.cs                  (RunAsync: inputs, defaults, env, file commands)
  src/Runner.Worker/Handlers/Handler.cs              (AddInputsToEnvironment)
  src/Runner.Worker/Handlers/ContainerActionHandler.cs (RunAsync: mounts, env, path mappings)
  src/Runner.Worker/Handlers/OutputManager.cs        (OnDataReceived)
  src/Runner.Worker/Container/DockerCommandManager.cs (DockerRun, ExecuteDockerCommandAsync)
  src/Runner.Worker/Container/ContainerInfo.cs       (TranslateToContainerPath/HostPath)
  src/Runner.Worker/ActionCommandManager.cs          (TryProcessCommand and the command extensions)
  src/Runner.Common/ActionCommand.cs                 (TryParseV2, TryParse, unescaping)
  src/Runner.Worker/FileCommandManager.cs            (InitializeFiles, ProcessFiles,
                                                      EnvFileKeyValuePairs, CreateStepSummaryCommand)
  src/Runner.Sdk/ProcessInvoker.cs                   (ExecuteAsync, ProcessOutput, cancellation)
  src/Runner.Worker/ExecutionContext.cs              (AddIssue limits, Write masking)
  src/Runner.Worker/GitHubContext.cs, RunnerContext.cs (GetRuntimeEnvironmentVariables)
  src/Runner.Worker/StepsRunner.cs                   (RunStepAsync: cancellation result)
  src/Runner.Common/HostContext.cs, src/Sdk/DTLogging/Logging/{SecretMasker,ValueSecret,
                                                      ValueEncoders}.cs (masking)
  src/Runner.Sdk/Util/IOUtil.cs                      (MakeRelative)

Deviations, each forced by this test environment: the image is built once by the container.image
test (tag bicepgate:test) instead of `docker build` per job; `--network host` is added (the
runner adds `--network <job network>` only with a job container; here dockerd has no bridge, and
the ARM emulator is on 127.0.0.1); the job's host folders live under a temporary directory.
"""

import base64
import json
import os
import queue
import shutil
import signal
import subprocess
import threading
import time
import urllib.parse
import uuid

import yaml

# --- ActionCommand.cs ---------------------------------------------------------------------------

COMMAND_PREFIX = "##["   # ActionCommand.Prefix
COMMAND_KEY = "::"       # ActionCommand._commandKey

# ActionCommand._escapeMappings (legacy ##[ form, data and properties), applied in this order.
_ESCAPE_MAPPINGS = [(";", "%3B"), ("\r", "%0D"), ("\n", "%0A"), ("]", "%5D"), ("%", "%25")]
# ActionCommand._escapeDataMappings (:: form, data).
_ESCAPE_DATA_MAPPINGS = [("\r", "%0D"), ("\n", "%0A"), ("%", "%25")]
# ActionCommand._escapePropertyMappings (:: form, properties).
_ESCAPE_PROPERTY_MAPPINGS = [("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")]


def _unescape(text, mappings):
    # ActionCommand.Unescape/UnescapeData/UnescapeProperty: each replacement in table order.
    if not text:
        return ""
    for token, replacement in mappings:
        text = text.replace(replacement, token)
    return text


class ActionCommand:
    def __init__(self, command):
        self.command = command
        self.properties = {}  # ActionCommand._properties is OrdinalIgnoreCase; keys kept as given
        self.data = ""

    def prop(self, name):
        for key, value in self.properties.items():
            if key.lower() == name.lower():
                return value
        return None

    def set_prop(self, name, value):
        for key in list(self.properties):
            if key.lower() == name.lower():
                del self.properties[key]
        if value is not None:
            self.properties[name] = value


def _registered(name, registered):
    return name.lower() in {r.lower() for r in registered}  # OrdinalIgnoreCase HashSet


def try_parse_v2(message, registered):
    """ActionCommand.TryParseV2: `::name k=v,k=v::data`, after trimming leading white space."""
    if not message:
        return None
    message = message.lstrip()  # "the message needs to start with the keyword after trim leading space"
    if not message.startswith(COMMAND_KEY):
        return None
    end = message.find(COMMAND_KEY, len(COMMAND_KEY))
    if end < 0:
        return None
    info = message[len(COMMAND_KEY):end]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if not _registered(name, registered):
        return None
    command = ActionCommand(name)
    if space > 0:
        for prop in [p for p in info[space + 1:].strip().split(",") if p]:
            pair = [p for p in prop.split("=", 1) if p]  # StringSplitOptions.RemoveEmptyEntries
            if len(pair) == 2:
                command.set_prop(pair[0], _unescape(pair[1], _ESCAPE_PROPERTY_MAPPINGS))
    command.data = _unescape(message[end + len(COMMAND_KEY):], _ESCAPE_DATA_MAPPINGS)
    return command


def try_parse_legacy(message, registered):
    """ActionCommand.TryParse: `##[name k=v;k=v]data` anywhere in the line."""
    if not message:
        return None
    prefix = message.find(COMMAND_PREFIX)
    if prefix < 0:
        return None
    rb = message.find("]", prefix)
    if rb < 0:
        return None
    info = message[prefix + len(COMMAND_PREFIX):rb]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if not _registered(name, registered):
        return None
    command = ActionCommand(name)
    if space > 0:
        for prop in [p for p in info[space + 1:].split(";") if p]:
            pair = [p for p in prop.split("=", 1) if p]
            if len(pair) == 2:
                command.set_prop(pair[0], _unescape(pair[1], _ESCAPE_MAPPINGS))
    command.data = _unescape(message[rb + 1:], _ESCAPE_MAPPINGS)
    return command


# --- SecretMasker.cs, ValueSecret.cs, ValueEncoders.cs, HostContext.cs ----------------------------

def _json_string_escape(value):
    # ValueEncoders.JsonStringEscape: Newtonsoft JsonConvert.ToString minus the quotes; escapes
    # quote, backslash and control characters (\b \f \n \r \t, others as \u00XX), and
    # U+0085, U+2028, U+2029; leaves non-ASCII as is.
    out = []
    for ch in value:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch in "\b\f\n\r\t":
            out.append({"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif code < 0x20 or code in (0x85, 0x2028, 0x2029):
            out.append("\\u%04x" % code)
        else:
            out.append(ch)
    return "".join(out)


def _base64(data):
    return base64.b64encode(data).decode("ascii")  # Convert.ToBase64String keeps the '=' padding


def _base64_shift(value, shift):
    # ValueEncoders.Base64StringEscapeShift: the value without its first `shift` bytes.
    data = value.encode("utf-8")
    return _base64(data[shift:] if len(data) > shift else data)


def _trim_double_quotes(value):
    # ValueEncoders.TrimDoubleQuotes
    if value and len(value) > 8 and value.startswith('"') and value.endswith('"'):
        return value[1:-1]
    return ""


def _powershell_pre_ampersand(value):
    # ValueEncoders.PowerShellPreAmpersandEscape
    if not value or "&" not in value:
        return ""
    section = value[:value.index("&+") + 2] if "&+" in value else value[:value.rindex("&") + 1]
    return section if len(section) >= 6 else ""


def _powershell_post_ampersand(value):
    # ValueEncoders.PowerShellPostAmpersandEscape
    if not value or "&" not in value:
        return ""
    section = ""
    if "&+" in value:
        start = value.index("&+") + 2
        if len(value) > start + 1:
            section = value[start + 1:]
    else:
        section = value[value.rindex("&") + 1:]
    return section if len(section) >= 6 else ""


# HostContext constructor: the encoders every added secret also registers, in this order.
VALUE_ENCODERS = [
    lambda v: _base64(v.encode("utf-8")),                     # Base64StringEscape
    lambda v: _base64_shift(v, 1),                            # Base64StringEscapeShift1
    lambda v: _base64_shift(v, 2),                            # Base64StringEscapeShift2
    lambda v: v.replace('"', '\\"'),                          # CommandLineArgumentEscape
    lambda v: v.replace("'", "''"),                           # ExpressionStringEscape
    _json_string_escape,                                      # JsonStringEscape
    lambda v: urllib.parse.quote(v, safe="-_.~"),             # UriDataEscape (Uri.EscapeDataString)
    lambda v: (v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
               .replace('"', "&quot;").replace("'", "&apos;")),  # XmlDataEscape
    _trim_double_quotes,                                      # TrimDoubleQuotes
    _powershell_pre_ampersand,                                # PowerShellPreAmpersandEscape
    _powershell_post_ampersand,                               # PowerShellPostAmpersandEscape
]


class SecretMasker:
    """SecretMasker.AddValue / MaskSecrets: every occurrence of a secret or of an encoded form of
    it becomes ***; overlapping or touching matches merge into one ***."""

    def __init__(self):
        self.originals = set()
        self.values = set()

    def add_value(self, value):
        # SecretMasker.AddValue: empty values are ignored; the encoders' non-empty results join.
        if not value or value in self.originals:
            return
        self.originals.add(value)
        self.values.add(value)
        for encoder in VALUE_ENCODERS:
            encoded = encoder(value)
            if encoded:
                self.values.add(encoded)

    def mask(self, text):
        if not text:
            return ""
        positions = []
        for secret in self.values:
            # ValueSecret.GetPositions: every match, advancing one character at a time.
            start = 0
            while 0 <= start < len(text) and len(text) - start >= len(secret):
                start = text.find(secret, start)
                if start < 0:
                    break
                positions.append((start, start + len(secret)))
                start += 1
        if not positions:
            return text
        merged = []
        for start, end in sorted(positions):
            # MaskSecrets: "if (secretPosition.Start <= currentReplacement.End)" merges.
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        out, index = [], 0
        for start, end in merged:
            out.append(text[index:start])
            out.append("***")
            index = end
        out.append(text[index:])
        return "".join(out)


# --- ExecutionContext.cs -----------------------------------------------------------------------

MAX_COUNT_PER_ISSUE_TYPE = 10        # ExecutionContext._maxCountPerIssueType
MAX_ISSUE_MESSAGE_LENGTH = 4096      # ExecutionContext._maxIssueMessageLength
WELL_KNOWN_TAGS = {"error": "##[error]", "warning": "##[warning]", "notice": "##[notice]"}


class StepContext:
    """One step's ExecutionContext: its log, its issues (annotations), its outputs."""

    def __init__(self, masker, workspace_host, repository, debug=False):
        self.masker = masker
        self.workspace_host = workspace_host
        self.repository = repository
        self.debug_enabled = debug
        self.echo_on_action_command = debug  # ExecutionContext.InitializeJob: Step_Debug ?? false
        self.log = []                 # lines as the runner writes them, masked
        self.annotations = []         # issues kept on the timeline record (shown as annotations)
        self.counts = {"error": 0, "warning": 0, "notice": 0}
        self.outputs = {}
        self.env_updates = {}
        self.path_updates = []
        self.state = {}
        self.command_failed = False   # ExecutionContext.CommandResult = Failed

    def write(self, tag, message):
        # ExecutionContext.Write: the masker runs over tag + message; multi-line writes are shown
        # line by line.
        masked = self.masker.mask((tag or "") + (message or ""))
        self.log.extend(masked.split("\n") if masked else [""])

    def output(self, message):
        self.write(None, message)

    def debug(self, message):
        # ExecutionContextExtension.Debug: only with ACTIONS_STEP_DEBUG, one ##[debug] per line.
        if self.debug_enabled:
            for line in (message or "").replace("\r\n", "\n").split("\n"):
                self.write("##[debug]", line)

    def add_issue(self, kind, message, data=None, write_to_log=True):
        """ExecutionContext.AddIssue: masked, cut at 4,096 characters; only the first 10 of each
        type are kept as annotations (the rest are dropped); every one is still written to the log
        with its ##[error]/##[warning]/##[notice] tag."""
        message = self.masker.mask(message or "")
        if len(message) > MAX_ISSUE_MESSAGE_LENGTH:
            message = message[:MAX_ISSUE_MESSAGE_LENGTH]
        data = dict(data or {})
        if self.counts[kind] < MAX_COUNT_PER_ISSUE_TYPE:
            self.counts[kind] += 1
            self.annotations.append({
                "type": kind, "message": message, "file": data.get("file"),
                "line": data.get("line"), "col": data.get("col"), "end_line": data.get("endLine"),
                "end_column": data.get("endColumn"), "title": data.get("title"),
                "log_line": len(self.log) + 1})
        if write_to_log and message:
            self.write(WELL_KNOWN_TAGS[kind], message)

    def error(self, message):
        self.add_issue("error", message)

    def warning(self, message):
        self.add_issue("warning", message)


# --- ContainerInfo.cs ----------------------------------------------------------------------------

class PathMappings:
    """ContainerInfo.AddPathTranslateMapping inserts at the front, so the mapping added last is
    tried first; TranslateToContainerPath/TranslateToHostPath match the whole path or a prefix
    followed by '/'."""

    def __init__(self):
        self.mappings = []

    def add(self, host, container):
        self.mappings.insert(0, (host, container))

    def to_container(self, path):
        if path:
            for host, container in self.mappings:
                if path == host:
                    return container
                if path.startswith(host + "/"):
                    return container + path[len(host):]
        return path

    def to_host(self, path):
        if path:
            for host, container in self.mappings:
                if path == container:
                    return host
                if path.startswith(container + "/"):
                    return host + path[len(container):]
        return path


def make_relative(path, folder):
    # IOUtil.MakeRelative
    if not path.startswith(folder):
        return path
    if len(path) == len(folder):
        return ""
    if folder.endswith("/"):
        return path[len(folder):]
    if path[len(folder)] == "/":
        return path[len(folder) + 1:]
    return path


# --- ActionCommandManager.cs ----------------------------------------------------------------------

# ActionCommandManager.Initialize registers "stop-commands" and every command extension
# (internal-set-repo-path only for plugins).
REGISTERED_COMMANDS = ["stop-commands", "set-env", "set-output", "save-state", "add-mask",
                       "add-path", "add-matcher", "remove-matcher", "debug", "warning", "error",
                       "notice", "group", "endgroup", "echo"]
UNSUPPORTED_STOP_TOKEN = (  # Constants.Runner.UnsupportedStopCommandTokenDisabled
    "You cannot use a endToken that is an empty string, the string 'pause-logging', or another "
    "workflow command. For more information see: https://docs.github.com/actions/learn-github-"
    "actions/workflow-commands-for-github-actions#example-stopping-and-starting-workflow-commands "
    "or opt into insecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_"
    "TOKENS` environment variable to `true`.")


class ActionCommandManager:
    def __init__(self, ctx, masker, paths=None, enhanced_annotations=True):
        self.ctx = ctx
        self.masker = masker
        self.paths = paths or PathMappings()
        self.registered = list(REGISTERED_COMMANDS)
        self.stopped = False
        self.stop_token = None
        # ActionCommandManager.EnhancedAnnotationsEnabled: on for github.com (notice, title).
        self.enhanced_annotations = enhanced_annotations

    def try_process(self, line):
        """ActionCommandManager.TryProcessCommand: the :: form first, then the legacy ##[ form;
        returns False when the line is plain output."""
        if not line:
            return False
        command = try_parse_v2(line, self.registered) or try_parse_legacy(line, self.registered)
        if command is None:
            return False
        name = command.command.lower()
        if not self.enhanced_annotations and name == "notice":
            return False
        if self.stopped:
            # Resume token: only the exact token (any case) resumes; everything else is output.
            if self.stop_token and command.command.lower() == self.stop_token.lower():
                self.ctx.output(line)
                self.registered = [r for r in self.registered if r.lower() != self.stop_token.lower()]
                self.stopped, self.stop_token = False, None
                return True
            return False
        if name == "stop-commands":
            token = command.data
            # ActionCommandManager.ValidateStopToken: no empty token, 'pause-logging' or command.
            if (not token or token.lower() == "pause-logging" or _registered(token, self.registered)):
                self.ctx.error(f"Unable to process command '{line}' successfully.")
                self.ctx.error(UNSUPPORTED_STOP_TOKEN)
                self.ctx.command_failed = True
                return True
            self.stop_token = token
            self.stopped = True
            self.registered.append(token)
            if len(token) > 6:
                self.masker.add_value(token)  # HostContext.SecretMasker.AddValue(_stopToken)
            self.ctx.output(line)
            return True
        handler = getattr(self, "_cmd_" + name.replace("-", "_"), None)
        omit_echo = name in ("add-mask", "debug", "warning", "error", "notice")
        if self.ctx.echo_on_action_command and not omit_echo:
            self.ctx.output(line)
        try:
            handler(command)
        except Exception as exc:  # noqa: BLE001 - the runner catches every exception here
            info = name if omit_echo else line
            self.ctx.error(f"Unable to process command '{info}' successfully.")
            self.ctx.error(str(exc))
            self.ctx.command_failed = True
        return True

    # AddMaskCommandExtension: the value and each of its lines (trimmed) become secrets.
    def _cmd_add_mask(self, command):
        if not command.data or not command.data.strip():
            self.ctx.warning("Can't add secret mask for empty string in ##[add-mask] command.")
            return
        if self.ctx.echo_on_action_command:
            self.ctx.output("::add-mask::***")
        self.masker.add_value(command.data)
        for item in command.data.replace("\r", "\n").split("\n"):
            if item.strip():
                self.masker.add_value(item.strip())

    # WarningCommandExtension, ErrorCommandExtension, NoticeCommandExtension (IssueCommandExtension).
    def _issue(self, kind, command):
        self._validate_lines_and_columns(command)
        file = command.prop("file")
        if file:
            # Translated to a host path, then made relative to the workspace.
            file = self.paths.to_host(file)
            command.set_prop("file", file)
            relative = make_relative(file, self.ctx.workspace_host)
            if relative != file:
                if self.ctx.repository:
                    command.set_prop("repo", self.ctx.repository)
                if relative:
                    command.set_prop("file", relative)
        data = {}
        for key, value in command.properties.items():
            canonical = {"file": "file", "line": "line", "col": "col", "endline": "endLine",
                         "endcolumn": "endColumn", "title": "title"}.get(key.lower(), key)
            data[canonical] = value
        self.ctx.add_issue(kind, command.data, data)

    def _cmd_error(self, command):
        self._issue("error", command)

    def _cmd_warning(self, command):
        self._issue("warning", command)

    def _cmd_notice(self, command):
        self._issue("notice", command)

    @staticmethod
    def _validate_lines_and_columns(command):
        # IssueCommandExtension.ValidateLinesAndColumns
        def as_int(value):
            try:
                return int(value)
            except (TypeError, ValueError):
                return None
        line, end_line = command.prop("line"), command.prop("endLine")
        col, end_col = command.prop("col"), command.prop("endColumn")
        has_line, has_end_line = as_int(line) is not None, as_int(end_line) is not None
        has_col, has_end_col = as_int(col) is not None, as_int(end_col) is not None
        has_column = has_col or has_end_col
        if has_end_line and not has_line:
            command.set_prop("line", end_line)
            has_line, line = True, end_line
        if has_end_col and not has_col:
            command.set_prop("col", end_col)
            has_col, col = True, end_col
        if not has_line and has_column:
            command.set_prop("col", None)
            command.set_prop("endColumn", None)
        if has_end_line and line != end_line and has_column:
            command.set_prop("col", None)
            command.set_prop("endColumn", None)
        if has_line and has_end_line and as_int(end_line) < as_int(line):
            command.set_prop("line", None)
            command.set_prop("endLine", None)
        if has_col and has_end_col and as_int(end_col) < as_int(col):
            command.set_prop("col", None)
            command.set_prop("endColumn", None)

    # GroupCommandExtension / EndGroupCommandExtension: written as ##[group]title / ##[endgroup].
    def _cmd_group(self, command):
        self.ctx.output(f"##[group]{command.data}")

    def _cmd_endgroup(self, command):
        self.ctx.output("##[endgroup]")

    def _cmd_debug(self, command):
        self.ctx.debug(command.data)

    def _cmd_echo(self, command):
        value = (command.data or "").strip().upper()
        if value == "ON":
            self.ctx.echo_on_action_command = True
        elif value == "OFF":
            self.ctx.echo_on_action_command = False
        else:
            raise ValueError("Invalid echo command value. Possible values can be: 'on', 'off'. "
                             f"Current value is: '{command.data}'.")

    # SetOutputCommandExtension / SaveStateCommandExtension: deprecated but still processed.
    def _cmd_set_output(self, command):
        name = command.prop("name")
        if not name:
            raise ValueError("Required field 'name' is missing in ##[set-output] command.")
        self.ctx.outputs[name] = command.data

    def _cmd_save_state(self, command):
        name = command.prop("name")
        if not name:
            raise ValueError("Required field 'name' is missing in ##[save-state] command.")
        self.ctx.state[name] = command.data

    # SetEnvCommandExtension / AddPathCommandExtension: refused unless ACTIONS_ALLOW_UNSECURE_COMMANDS.
    def _cmd_set_env(self, command):
        raise ValueError("The `set-env` command is disabled. Please upgrade to using Environment "
                         "Files or opt into unsecure command execution by setting the "
                         "`ACTIONS_ALLOW_UNSECURE_COMMANDS` environment variable to `true`.")

    def _cmd_add_path(self, command):
        raise ValueError("The `add-path` command is disabled. Please upgrade to using Environment "
                         "Files or opt into unsecure command execution by setting the "
                         "`ACTIONS_ALLOW_UNSECURE_COMMANDS` environment variable to `true`.")

    def _cmd_add_matcher(self, command):
        pass  # problem matchers are not modelled (bicepgate registers none)

    def _cmd_remove_matcher(self, command):
        pass


# --- OutputManager.cs ---------------------------------------------------------------------------

class OutputManager:
    """OutputManager.OnDataReceived, one per stream, both sharing one ActionCommandManager."""

    def __init__(self, ctx, commands):
        self.ctx = ctx
        self.commands = commands

    def on_line(self, line):
        # "## commands": only lines holding "##[" or "::" are offered to the command manager.
        if line and (COMMAND_PREFIX in line or COMMAND_KEY in line):
            if self.commands.try_process(line):
                return
        # Runner-controlled markers in user output are defused.
        if line and ("##[start-action" in line or "##[end-action" in line):
            line = line.replace("##[start-action", "##[\\start-action").replace(
                "##[end-action", "##[\\end-action")
        self.ctx.output(line)


def deliver_batches(batches, stdout_manager, stderr_manager):
    """ProcessInvoker.ProcessOutput: each time the reader threads signal, every queued stderr line
    is delivered before every queued stdout line. `batches` is a list of
    (stderr_lines, stdout_lines) as they were queued between two wake-ups."""
    for stderr_lines, stdout_lines in batches:
        for line in stderr_lines:
            stderr_manager.on_line(line)
        for line in stdout_lines:
            stdout_manager.on_line(line)


# --- FileCommandManager.cs ------------------------------------------------------------------------

STEP_SUMMARY_LIMIT = 1024 * 1024  # CreateStepSummaryCommand.AttachmentSizeLimit
UNSUPPORTED_SUMMARY_SIZE = (       # Constants.Runner.UnsupportedSummarySize
    "$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of {0}k, got {1}k. For more "
    "information see: https://docs.github.com/actions/using-workflows/workflow-commands-for-"
    "github-actions#adding-a-markdown-summary")

# The file command extensions in ExtensionManager.cs order: context name, file prefix, env name.
# GITHUB_ARTIFACTS and GITHUB_ARTIFACTS_LIST (CreateArtifactsFileCommand.cs,
# ArtifactsListFileCommand.cs) are created and exposed; their contents are not modelled.
FILE_COMMANDS = [("path", "add_path_", "GITHUB_PATH"), ("env", "set_env_", "GITHUB_ENV"),
                 ("step_summary", "step_summary_", "GITHUB_STEP_SUMMARY"),
                 ("state", "save_state_", "GITHUB_STATE"), ("output", "set_output_", "GITHUB_OUTPUT"),
                 ("artifacts", "artifacts_", "GITHUB_ARTIFACTS"),
                 ("artifacts_list", "artifacts_list_", "GITHUB_ARTIFACTS_LIST")]


class FileCommandError(Exception):
    pass


def parse_env_file(text):
    """EnvFileKeyValuePairs.GetEnumerator: NAME=VALUE lines and NAME<<DELIMITER heredocs; the value
    ends at the first line equal to the delimiter (so the delimiter cannot occur in the value);
    only LF ends a line on Linux. Raises FileCommandError as the runner throws."""
    pairs = []
    index = 0

    def read_line():
        nonlocal index
        if index >= len(text):
            return None, None
        start = index
        lf = text.find("\n", index)
        if lf < 0:
            index = len(text)
            return text[start:], None
        index = lf + 1
        return text[start:lf], "\n"

    line, _ = read_line()
    while line is not None:
        if line:
            equals, heredoc = line.find("="), line.find("<<")
            if equals >= 0 and (heredoc < 0 or equals < heredoc):
                key, value = line.split("=", 1)
            elif heredoc >= 0 and (equals < 0 or heredoc < equals):
                key, delimiter = line.split("<<", 1)
                if not key or not delimiter:
                    raise FileCommandError(f"Invalid format '{line}'. Name must not be empty and "
                                           "delimiter must not be empty")
                start = end = index
                temp, newline = read_line()
                while temp != delimiter:
                    if temp is None:
                        raise FileCommandError(
                            f"Invalid value. Matching delimiter not found '{delimiter}'")
                    if newline is None:
                        raise FileCommandError("Invalid value. EOF marker missing new line.")
                    end = index - len(newline)
                    temp, newline = read_line()
                value = text[start:end] if end > start else ""
            else:
                raise FileCommandError(f"Invalid format '{line}'")
            pairs.append((key, value))
        line, _ = read_line()
    return pairs


def process_file_commands(ctx, files):
    """FileCommandManager.ProcessFiles: each file command in turn; one that throws becomes
    'Unable to process file command ...' errors and fails the step. `files` maps context name to
    the host file."""
    for name, _, _ in FILE_COMMANDS:
        path = files[name]
        try:
            if name in ("artifacts", "artifacts_list"):
                continue
            if name == "path":
                if os.path.exists(path):
                    with open(path, encoding="utf-8") as f:
                        ctx.path_updates.extend(line for line in f.read().split("\n") if line)
            elif name == "step_summary":
                ctx.summary = _read_step_summary(ctx, path)
            else:
                if not os.path.exists(path):
                    continue
                with open(path, encoding="utf-8", errors="replace") as f:
                    pairs = parse_env_file(f.read())
                target = {"env": ctx.env_updates, "state": ctx.state, "output": ctx.outputs}[name]
                for key, value in pairs:
                    if name == "env" and key.upper() == "NODE_OPTIONS":
                        ctx.error("Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.")
                        continue
                    target[key] = value
        except Exception as exc:  # noqa: BLE001 - ProcessFiles catches every exception
            ctx.error(f"Unable to process file command '{name}' successfully.")
            ctx.error(str(exc))
            ctx.command_failed = True


def _read_step_summary(ctx, path):
    # CreateStepSummaryCommand.ProcessCommand: missing or empty: nothing; over 1 MiB: an error
    # and no summary at all; otherwise each line masked.
    if not path or not os.path.exists(path):
        return None
    size = os.path.getsize(path)
    if size == 0:
        return None
    if size > STEP_SUMMARY_LIMIT:
        ctx.error(UNSUPPORTED_SUMMARY_SIZE.format(STEP_SUMMARY_LIMIT // 1024, size // 1024))
        return None
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # StreamReader.ReadLine does not return the empty text after the last LF
    return "".join(ctx.masker.mask(line) + "\n" for line in lines)


# --- the log as shown ---------------------------------------------------------------------------

def log_groups(log):
    """The log as the web UI folds it: a list of ("group title", [lines]) and (None, [lines])
    runs; ##[group] opens a fold, ##[endgroup] closes it, a ##[group] inside a fold closes the
    open one first."""
    sections, current = [], None
    for line in log:
        if line.startswith("##[group]"):
            current = (line[len("##[group]"):], [])
            sections.append(current)
        elif line.startswith("##[endgroup]"):
            current = None
        else:
            if current is None:
                if not sections or sections[-1][0] is not None:
                    sections.append((None, []))
                sections[-1][1].append(line)
            else:
                current[1].append(line)
    return sections


# --- the job and the step -----------------------------------------------------------------------

class StepResult:
    def __init__(self, ctx, exit_code, conclusion, argv, container_env):
        self.outputs = ctx.outputs
        self.annotations = ctx.annotations
        self.log = ctx.log
        self.summary = getattr(ctx, "summary", None)
        self.exit_code = exit_code
        self.conclusion = conclusion        # success, failure, cancelled
        self.env_updates = ctx.env_updates
        self.state = ctx.state
        self.docker_argv = argv
        self.container_env = container_env  # what the container was given (names and values)

    def annotations_of(self, kind):
        return [a for a in self.annotations if a["type"] == kind]

    def groups(self):
        return log_groups(self.log)

    def log_text(self):
        return "\n".join(self.log)

    def __str__(self):
        return (f"exit {self.exit_code} ({self.conclusion})\n--- outputs\n"
                f"{json.dumps(self.outputs, indent=1)}\n--- annotations\n"
                + "\n".join(json.dumps(a) for a in self.annotations)
                + "\n--- log\n" + self.log_text())


RUNNER_UID = 1001  # the hosted runner's user (runner)


class Job:
    """One job on a hosted Linux runner: its host folders (as the runner lays them out under
    _work), its contexts, its secret masker and env, shared by the steps that run in it."""

    def __init__(self, root, repository="contoso/platform", event_name="push", ref="refs/heads/main",
                 sha="0" * 40, event=None, secrets=(), github_token="ghs_ModelJobToken0000000000000000000",
                 env=None, id_token_url=None, runtime_url="http://127.0.0.1:9/runtime/",
                 run_id="4242", run_attempt="1", actor="octocat", debug=False, extra_github=None):
        self.root = root
        name = repository.split("/")[-1]
        self.work = os.path.join(root, "work")                       # WellKnownDirectory.Work
        self.workspace = os.path.join(self.work, name, name)         # github.workspace
        self.temp = os.path.join(self.work, "_temp")                 # WellKnownDirectory.Temp
        self.home = os.path.join(self.temp, "_github_home")
        self.workflow_dir = os.path.join(self.temp, "_github_workflow")
        self.file_commands = os.path.join(self.temp, "_runner_file_commands")
        for d in (self.workspace, self.temp, self.home, self.workflow_dir, self.file_commands):
            os.makedirs(d, exist_ok=True)
        self.event_path = os.path.join(self.workflow_dir, "event.json")
        with open(self.event_path, "w", encoding="utf-8") as f:
            json.dump(event or {}, f)
        self.masker = SecretMasker()
        # Secrets and github.token are registered with the masker when the job starts.
        self.github_token = github_token
        for secret in (*secrets, github_token):
            self.masker.add_value(secret)
        self.env = dict(env or {})  # workflow/job env (env context), grows with GITHUB_ENV
        self.prepend_path = []
        self.debug = debug
        self.repository = repository
        self.id_token_url = id_token_url
        self.runtime_url = runtime_url
        self.runtime_token = "ModelRuntimeToken-" + uuid.uuid4().hex
        self.masker.add_value(self.runtime_token)  # the system connection's access token is a secret
        owner = repository.split("/")[0]
        branch = ref.split("/", 2)[-1] if ref.startswith("refs/") else ref
        self.github = {  # the github context, keys in GitHubContext._contextEnvAllowlist
            "action": "__self", "actor": actor, "actor_id": "583231", "api_url": "https://api.github.com",
            "base_ref": (event or {}).get("pull_request", {}).get("base", {}).get("ref", ""),
            "event_name": event_name, "event_path": self.event_path,
            "graphql_url": "https://api.github.com/graphql",
            "head_ref": (event or {}).get("pull_request", {}).get("head", {}).get("ref", ""),
            "job": "deploy", "ref": ref, "ref_name": branch, "ref_protected": "false",
            "ref_type": "tag" if ref.startswith("refs/tags/") else "branch",
            "repository": repository, "repository_id": "123456789", "repository_owner": owner,
            "repository_owner_id": "9919", "retention_days": "90", "run_attempt": run_attempt,
            "run_id": run_id, "run_number": "17", "server_url": "https://github.com", "sha": sha,
            "triggering_actor": actor, "workflow": "deploy",
            "workflow_ref": f"{repository}/.github/workflows/deploy.yml@{ref}", "workflow_sha": sha,
            "workspace": self.workspace,
        }
        self.github.update(extra_github or {})
        self.runner = {"name": "GitHub Actions 2", "os": "Linux", "arch": "X64",
                       "environment": "github-hosted", "tool_cache": "/opt/hostedtoolcache",
                       "temp": self.temp, "workspace": os.path.dirname(self.workspace)}
        if debug:
            self.runner["debug"] = "1"

    def own_workspace(self, uid=RUNNER_UID, gid=RUNNER_UID):
        """The runner user owns the workspace and its own folders (it checked the repository out);
        the container runs as root over them."""
        for top in (self.workspace, self.temp):
            for dirpath, dirnames, filenames in os.walk(top):
                os.lchown(dirpath, uid, gid)
                for name in dirnames + filenames:
                    os.lchown(os.path.join(dirpath, name), uid, gid)

    # ActionRunner.RunAsync: inputs evaluated from `with:`, then every action.yml input that was
    # not given gets its default (EvaluateDefaultInput). `${{ github.token }}` is the only
    # expression default here; others are kept as the literal text.
    def evaluate_inputs(self, manifest, with_inputs):
        inputs = {}
        given = {k.lower(): (k, v) for k, v in (with_inputs or {}).items()}
        for key, value in (with_inputs or {}).items():
            inputs[key] = "" if value is None else str(value)
        for key, spec in (manifest.get("inputs") or {}).items():
            if key.lower() in given:
                continue
            default = (spec or {}).get("default", "")
            default = "" if default is None else str(default)
            default = default.replace("${{ github.token }}", self.github_token)
            inputs[key] = default
        return inputs

    def unexpected_inputs(self, manifest, with_inputs):
        valid = {k.lower() for k in (manifest.get("inputs") or {})} | {"entrypoint", "args"}
        return [k for k in (with_inputs or {}) if k.lower() not in valid]

    def run_action(self, action_dir, image, with_inputs=None, step_env=None, timeout=600,
                   cancel_after=None, cancel_when=None, cancel_if=None, network="host", docker="docker",
                   docker_env=None, batch_window=0.02, id_token_permission=True,
                   step_name="Run ./"):
        """Runs a Docker container action's main step; returns a StepResult."""
        with open(os.path.join(action_dir, "action.yml"), encoding="utf-8") as f:
            manifest = yaml.safe_load(f)
        ctx = StepContext(self.masker, self.workspace, self.repository, debug=self.debug)
        ctx.summary = None
        unexpected = self.unexpected_inputs(manifest, with_inputs)
        if unexpected:  # ActionRunner.RunAsync warns about inputs action.yml does not declare
            valid = list((manifest.get("inputs") or {}).keys()) + ["entryPoint", "args"]
            ctx.warning(f"Unexpected input(s) '{', '.join(unexpected)}', valid inputs are "
                        f"['{', '.join(valid)}']")
        inputs = self.evaluate_inputs(manifest, with_inputs)

        # FileCommandManager.InitializeFiles: fresh empty files, host paths in the github context.
        suffix = str(uuid.uuid4())
        files = {}
        github = dict(self.github)
        for name, prefix, _ in FILE_COMMANDS:
            path = os.path.join(self.file_commands, prefix + suffix)
            open(path, "w").close()
            if os.geteuid() == 0:
                os.chown(path, RUNNER_UID, RUNNER_UID)  # the runner user creates them
            files[name] = path
            github[name] = path

        # ActionRunner.RunAsync: env context (workflow env, then the step's env:) first.
        environment = dict(self.env)
        environment.update(step_env or {})
        # Handler.AddInputsToEnvironment: INPUT_ + name with spaces as '_', upper-cased
        # (ToUpperInvariant); hyphens are kept.
        for key, value in inputs.items():
            environment["INPUT_" + key.replace(" ", "_").upper()] = value
        # ContainerActionHandler.RunAsync: runs.env of action.yml, without overriding.
        for key, value in ((manifest.get("runs") or {}).get("env") or {}).items():
            environment.setdefault(key, str(value))
        # HOME is the job's _github_home folder (mounted as /github/home).
        environment["HOME"] = self.home
        # "expose context to environment": GITHUB_* (allow-list) and RUNNER_*.
        for key, value in github.items():
            if value is not None:
                environment["GITHUB_" + key.upper()] = value
        for key, value in self.runner.items():
            environment["RUNNER_" + key.upper()] = value
        # Actions runtime server info; the OIDC URL and token only with `id-token: write`.
        environment["ACTIONS_RUNTIME_URL"] = self.runtime_url
        environment["ACTIONS_RUNTIME_TOKEN"] = self.runtime_token
        environment["ACTIONS_CACHE_URL"] = self.runtime_url.replace("runtime", "cache")
        environment["ACTIONS_RESULTS_URL"] = self.runtime_url.replace("runtime", "results")
        if self.id_token_url and id_token_permission:
            environment["ACTIONS_ID_TOKEN_REQUEST_URL"] = self.id_token_url
            environment["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = self.runtime_token

        # Mounts and the path mappings (added last is tried first).
        paths = PathMappings()
        mounts = [("/var/run/docker.sock", "/var/run/docker.sock"),
                  (self.temp, "/github/runner_temp"), (self.home, "/github/home"),
                  (self.workflow_dir, "/github/workflow"),
                  (self.file_commands, "/github/file_commands"),
                  (self.workspace, "/github/workspace")]
        for host, container in mounts[1:]:
            paths.add(host, container)
        # Every value is translated to its container path.
        container_env = {k: paths.to_container(v) for k, v in environment.items()}

        # DockerCommandManager.DockerRun: options in this order; `-e NAME` takes the value from
        # the docker client's own environment; GITHUB_ACTIONS=true; CI=true unless set.
        runs = manifest.get("runs") or {}
        # --name is the sanitized image name and 6 hex digits; --label the runner's instance label.
        name = "".join(c for c in image if c.isalnum() or c in "_-")
        argv = [docker, "run", "--name", f"{name}_{uuid.uuid4().hex[:6]}", "--label", "6f8c2a",
                "--workdir", "/github/workspace", "--rm"]
        for key in container_env:
            argv += ["-e", key]
        argv += ["-e", "GITHUB_ACTIONS=true"]
        if "CI" not in container_env:
            argv += ["-e", "CI=true"]
        if runs.get("entrypoint"):
            argv += ["--entrypoint", runs["entrypoint"]]
        if network:
            argv += ["--network", network]
        for host, container in mounts:
            if host == "/var/run/docker.sock" and not os.path.exists(host):
                continue  # the test dockerd listens elsewhere (DOCKER_HOST); nothing to mount
            argv += ["-v", f"{host}:{container}"]
        argv.append(image)
        # ContainerActionHandler: each evaluated `args` entry, ${{ inputs.x }} substituted.
        for arg in runs.get("args") or []:
            arg = str(arg)
            for key, value in inputs.items():
                arg = arg.replace("${{ inputs." + key + " }}", value)
            argv.append(arg)

        # ExecuteDockerCommandAsync: context.Command prints the command line first.
        ctx.write("##[command]", " ".join(argv))
        commands = ActionCommandManager(ctx, self.masker, paths)
        stdout_manager, stderr_manager = OutputManager(ctx, commands), OutputManager(ctx, commands)
        client_env = dict(docker_env if docker_env is not None else os.environ)
        client_env.update(container_env)
        client_env["GITHUB_ACTIONS"] = "true"  # ProcessInvoker.ExecuteAsync
        exit_code, stopped = run_process(argv, client_env, self.workspace, stdout_manager,
                                           stderr_manager, timeout, cancel_after, cancel_when,
                                           batch_window, cancel_if)
        conclusion = "success" if exit_code == 0 else "failure"
        if stopped == "cancelled":
            # StepsRunner.RunStepAsync: the OperationCanceledException is logged as an error and
            # the step is cancelled.
            ctx.error("The operation was canceled.")
            conclusion = "cancelled"
        elif stopped == "timed_out":
            ctx.error(f"The action '{step_name}' has timed out after {timeout / 60:g} minutes.")
            conclusion = "failure"
        # ActionRunner.RunAsync: ProcessFiles runs in `finally`, also after a cancel.
        process_file_commands(ctx, files)
        if ctx.command_failed and conclusion == "success":
            conclusion = "failure"
        self.env.update(ctx.env_updates)
        self.prepend_path.extend(ctx.path_updates)
        return StepResult(ctx, exit_code, conclusion, argv, container_env)

    def host_step_env(self):
        """The env a later `run:` step on the host sees (for the step that opens our outputs)."""
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": os.path.join(self.root, "home-runner"),
               "GITHUB_ACTIONS": "true", "CI": "true"}
        env.update(self.env)
        for key, value in self.github.items():
            env["GITHUB_" + key.upper()] = value
        for key, value in self.runner.items():
            env["RUNNER_" + key.upper()] = value
        return env


# --- ProcessInvoker.cs ----------------------------------------------------------------------------

SIGINT_TIMEOUT = 7.5    # ProcessInvoker._sigintTimeout (7500 ms)
SIGTERM_TIMEOUT = 2.5   # ProcessInvoker._sigtermTimeout (2500 ms)
STREAM_WAIT_AFTER_EXIT = 5.0  # ProcessInvoker.ProcessExitedHandler: 5 s, then kill the tree


def split_read_lines(text):
    """StreamReader.ReadLine: a line ends at LF, CR or CRLF; the terminator is not part of it."""
    for ending in ("\r\n", "\n", "\r"):
        if text.endswith(ending):
            text = text[:-len(ending)]
            break
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def run_process(argv, env, cwd, stdout_manager, stderr_manager, timeout, cancel_after=None,
                cancel_when=None, batch_window=0.02, cancel_if=None):
    """ProcessInvoker.ExecuteAsync: stdin closed at once; one reader thread per stream queues
    lines; on each signal the consumer delivers every queued stderr line, then every queued
    stdout line (ProcessOutput). `batch_window` is how long the consumer takes to be scheduled
    after a signal (a busy runner), so lines written close together on both streams meet in one
    batch. Cancel (the job cancelled, or the step's timeout): SIGINT to the docker client, wait
    7.5 s, SIGTERM, wait 2.5 s, then kill the process tree (CancelAndKillProcessTree with
    killProcessOnCancel: false, as DockerCommandManager passes). `cancel_when(line)` cancels when
    a delivered line matches, `cancel_if()` when it turns true (polled). Returns (exit code, None, "cancelled" or "timed_out")."""
    process = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    process.stdin.close()
    err_q, out_q = queue.SimpleQueue(), queue.SimpleQueue()
    signal_event = threading.Event()
    readers_left = [2]
    lock = threading.Lock()

    def reader(stream, q):
        for raw in iter(stream.readline, b""):
            # StreamReader.ReadLine: LF, CR or CRLF end a line; text decoded as UTF-8.
            for line in split_read_lines(raw.decode("utf-8", "replace")):
                q.put(line)
            signal_event.set()
        with lock:
            readers_left[0] -= 1
        signal_event.set()

    threads = [threading.Thread(target=reader, args=(process.stderr, err_q), daemon=True),
               threading.Thread(target=reader, args=(process.stdout, out_q), daemon=True)]
    for t in threads:
        t.start()

    cancel = threading.Event()
    reason = [None]
    start = time.monotonic()

    def process_output():
        errors, outputs = [], []
        while True:
            try:
                errors.append(err_q.get_nowait())
            except queue.Empty:
                break
        while True:
            try:
                outputs.append(out_q.get_nowait())
            except queue.Empty:
                break
        for line in errors:
            stderr_manager.on_line(line)
            if cancel_when and cancel_when(line):
                cancel.set()
        for line in outputs:
            stdout_manager.on_line(line)
            if cancel_when and cancel_when(line):
                cancel.set()

    def canceller():
        # CancelAndKillProcessTree
        for sig, wait in ((signal.SIGINT, SIGINT_TIMEOUT), (signal.SIGTERM, SIGTERM_TIMEOUT)):
            try:
                process.send_signal(sig)  # the docker client forwards it to the container
            except ProcessLookupError:
                return
            try:
                process.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    cancel_thread = None
    exited_at = None
    while True:
        signal_event.wait(timeout=0.1)
        signal_event.clear()
        if batch_window:
            time.sleep(batch_window)
        process_output()
        elapsed = time.monotonic() - start
        if cancel_if is not None and cancel_thread is None and cancel_if():
            cancel.set()
        if cancel_thread is None and (cancel.is_set() or (cancel_after is not None and elapsed >= cancel_after)):
            reason[0] = "cancelled"
        elif cancel_thread is None and elapsed >= timeout:
            reason[0] = "timed_out"  # the step's timeout-minutes cancels the same way
        if cancel_thread is None and reason[0]:
            cancel_thread = threading.Thread(target=canceller, daemon=True)
            cancel_thread.start()
        if process.poll() is not None:
            exited_at = exited_at or time.monotonic()
            with lock:
                done = readers_left[0] == 0
            if done or time.monotonic() - exited_at > STREAM_WAIT_AFTER_EXIT:
                break
    process_output()  # "check the data buffers one last time"
    if cancel_thread is not None:
        cancel_thread.join()
    for t in threads:
        t.join(timeout=1)
    process.stdout.close()
    process.stderr.close()
    return process.wait(), reason[0]


def copy_action(root, destination):
    """The action's files as `uses: ./` sees them (action.yml; the image is prebuilt)."""
    os.makedirs(destination, exist_ok=True)
    shutil.copy(os.path.join(root, "action.yml"), os.path.join(destination, "action.yml"))
    return destination

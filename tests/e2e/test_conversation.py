"""Talking back to GitHub: the fix-request dispatched as a repository_dispatch event to a local
stand-in for the GitHub API, the loop guard, and the sticky pull-request comment."""

import json
import re
import shutil
import subprocess
import unittest

from harness import E2ETestCase, pull_request_payload
from scenes import SCENES, play
from test_fix_request import schema_errors
from test_secrets import FILE_SECRET, SOURCE
from test_stages import seeded

TOKEN = "ghs_Planted0Token0For0The0Api"
CONFIG = """
environments:
  staging:
    resource-group: rg-aos-staging
    template: bicep/secure.bicep
    parameters: bicep/secure.parameters.json
routes:
  - event: pull_request
    base: main
    environment: staging
"""
TARGET = ("/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-aos-staging/"
          "providers/Microsoft.Storage/storageAccounts/stsecrets001")
# What-if rejects the template and, as some providers do, echoes the secure value back.
WHATIF_FAILS = {"method": "POST", "path": r"/whatIf$", "times": -1, "status": 400, "body": {"error": {
    "code": "InvalidTemplateDeployment", "message": "The template deployment is not valid.",
    "details": [{"code": "InvalidParameter", "target": TARGET,
                 "message": f"The value '{FILE_SECRET}' of property 'adminPassword' is not valid."}]}}}
CHANGED = SOURCE.replace("kind: 'StorageV2'", "kind: 'StorageV2'\n  tags: {\n    team: 'platform'\n  }")


class PullRequestRun(E2ETestCase):
    scenario = {"faults": [WHATIF_FAILS]}
    files = {"bicep/secure.bicep": SOURCE, ".github/bicepgate.yml": CONFIG,
             "bicep/secure.parameters.json": json.dumps({"parameters": {
                 "adminPassword": {"value": FILE_SECRET}, "apiKey": {"value": "placeholder"}}})}
    github_scenario = None

    def setUp(self):
        super().setUp()
        self.github = self.runner.github(self.github_scenario)
        self.git(["checkout", "-q", "-b", "feature/storage"])
        self.runner.write("bicep/secure.bicep", CHANGED)
        self.commit("tag the storage account")

    def git(self, args):
        env = dict(self.runner.base_env, GIT_AUTHOR_NAME="dev", GIT_AUTHOR_EMAIL="dev@example.com",
                   GIT_COMMITTER_NAME="dev", GIT_COMMITTER_EMAIL="dev@example.com")
        return subprocess.run(["git", "-C", self.runner.workspace, *args], env=env, check=True,
                              capture_output=True, text=True)

    def commit(self, message):
        self.git(["add", "-A"])
        self.git(["commit", "-q", "--allow-empty", "-m", message])
        self.runner.sha = self.git(["rev-parse", "HEAD"]).stdout.strip()

    def run_pr(self, **inputs):
        base = {"github-token": TOKEN, "dispatch-fix-request": "true"}
        base.update(inputs)
        return self.runner.run(event="pull_request", ref="refs/pull/7/merge", payload=pull_request_payload(),
                               inputs=base)

    def api_calls(self, method, suffix):
        return [r for r in self.github.requests() if r["method"] == method and r["path"].endswith(suffix)]

    def assert_nothing_leaked(self, result):
        shown = "\n".join(l for l in result.stdout.splitlines() if not l.startswith("::add-mask::"))
        self.assertIn(f"::add-mask::{TOKEN}", result.stdout)
        for text in (shown, result.stderr, result.summary, json.dumps(result.outputs)):
            self.assertNotIn(FILE_SECRET, text)
            self.assertNotIn(TOKEN, text)


class Dispatch(PullRequestRun):
    def test_a_logic_failure_on_a_pr_is_dispatched_with_file_lines_hunks_and_no_secret(self):
        result = self.run_pr()
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "logic")
        path = result.file("fix-request")
        self.assertEqual(schema_errors(path), [])
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.assertNotIn(FILE_SECRET, text)
        request = json.loads(text)
        self.assertEqual(request["run"]["pull_request"]["number"], 7)
        for error in request["errors"]:
            self.assertEqual(error["file"], "bicep/secure.bicep", error)
            self.assertGreater(error["line"], 0, error)
        changed = {f["path"]: f for f in request["changed_files"]}
        self.assertEqual(list(changed), ["bicep/secure.bicep"])
        hunk = changed["bicep/secure.bicep"]["hunks"][0]
        tags_line = CHANGED.splitlines().index("  tags: {") + 1
        self.assertEqual((hunk["new_start"], hunk["new_lines"]), (tags_line, 3))

        dispatches = self.api_calls("POST", "/repos/contoso/platform/dispatches")
        self.assertEqual(len(dispatches), 1)
        sent = dispatches[0]
        self.assertEqual(sent["headers"]["authorization"], f"Bearer {TOKEN}")
        self.assertEqual(sent["headers"]["accept"], "application/vnd.github+json")
        self.assertEqual(sent["headers"]["x-github-api-version"], "2022-11-28")
        self.assertTrue(sent["headers"]["user-agent"].startswith("bicepgate/"))
        self.assertEqual(sent["body"]["event_type"], "deployment-fix-request")
        payload = sent["body"]["client_payload"]
        self.assertLessEqual(len(payload), 10)
        self.assertEqual(payload["fix_request"], request)
        self.assertEqual(payload["fix_request_id"], request["id"])
        self.assertEqual(payload["failure_class"], "logic")
        self.assertIn("Dispatched as `repository_dispatch` event `deployment-fix-request`", result.summary)
        self.assert_nothing_leaked(result)

    def test_the_fourth_attempt_is_refused_and_a_human_asked_for(self):
        for n in range(3):
            self.commit(f"fix attempt {n}\n\nFix-Request-Id: earlier{n}")
        result = self.run_pr()
        self.assertEqual(result.code, 1, result)
        self.assertNotIn("fix-request", result.outputs)
        self.assertEqual(self.api_calls("POST", "/dispatches"), [])
        self.assertIn("already carries 3 fix attempt(s)", result.summary)
        self.assertIn("A human is needed", result.summary)
        comment = self.api_calls("POST", "/issues/7/comments")[0]["body"]["body"]
        self.assertIn("No fix was requested", comment)


class TransientApiError(PullRequestRun):
    github_scenario = {"faults": [{"method": "POST", "path": "/repos/contoso/platform/dispatches",
                                   "status": 502, "times": 1}]}

    def test_a_502_is_retried_and_the_dispatch_lands(self):
        result = self.run_pr(**{"comment-on-pr": "false"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(len(self.api_calls("POST", "/dispatches")), 2)
        self.assertIn("Dispatched as", result.summary)
        self.assertEqual(self.api_calls("GET", "/comments"), [])


class ForbiddenApi(PullRequestRun):
    github_scenario = {"faults": [{"method": "POST", "path": "/repos/contoso/platform/dispatches", "status": 403,
                                   "body": {"message": "Resource not accessible by integration"}}]}

    def test_an_api_refusal_is_reported_next_to_the_original_failure(self):
        result = self.run_pr(**{"comment-on-pr": "false"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "logic")
        self.assertEqual(result.outputs["failure-code"], "InvalidParameter")
        self.assertEqual(len(self.api_calls("POST", "/dispatches")), 1)  # 403 without rate limit: not retried
        warnings = result.annotations("warning")
        self.assertTrue(any("The run failed (logic in planning: InvalidParameter); in addition, "
                            "repository_dispatch" in w and "HTTP 403: Resource not accessible by integration" in w
                            for w in warnings), warnings)
        self.assertIn("Resource not accessible by integration", result.summary)


class StickyComment(PullRequestRun):
    def test_one_comment_is_created_then_edited_in_place(self):
        first = self.run_pr()
        self.assertEqual(first.code, 1, first)
        created = self.api_calls("POST", "/repos/contoso/platform/issues/7/comments")
        self.assertEqual(len(created), 1)
        body = created[0]["body"]["body"]
        self.assertTrue(body.startswith("<!-- bicepgate:pr-comment environment=staging -->"))
        self.assertIn("staging: failed at what-if (logic", body)
        self.assertIn("InvalidParameter", body)
        self.assertIn("A fix was requested from the deployment-error-fixer (attempt 1)", body)
        self.assertNotIn(FILE_SECRET, body)

        second = self.run_pr(**{"dispatch-fix-request": "false"})
        self.assertEqual(second.code, 1, second)
        self.assertEqual(len(self.api_calls("POST", "/issues/7/comments")), 1)
        edits = self.api_calls("PATCH", "/repos/contoso/platform/issues/comments/1001")
        self.assertEqual(len(edits), 1)
        self.assertIn("it was not dispatched", edits[0]["body"]["body"])
        self.assert_nothing_leaked(second)

    def test_without_a_token_nothing_is_sent(self):
        result = self.run_pr(**{"github-token": ""})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(self.github.requests(), [])
        self.assertIn("github-token is empty", result.summary)


MARKER = "<!-- bicepgate:pr-comment environment=staging -->"
MALLORY = {"login": "mallory", "id": 5005, "type": "User"}
ACTIONS_BOT = {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}


class MarkerPlantedByOthers(PullRequestRun):
    """Issue 15 hole 4: anyone can post a comment carrying our hidden marker first."""
    github_scenario = {"comments": {"7": [{"body": MARKER + "\nplanted by someone else", "user": MALLORY}]}}

    def comment_writes(self):
        return [(r["method"], r["path"]) for r in self.github.requests()
                if r["method"] in ("POST", "PATCH") and "/comments" in r["path"]]

    def test_a_comment_with_our_marker_by_another_user_is_not_edited_ours_is(self):
        first = self.run_pr(**{"dispatch-fix-request": "false"})
        self.assertEqual(first.code, 1, first)
        # mallory's comment is 1001; ours is created beside it (1002), then edited in place.
        self.assertEqual(self.comment_writes(), [("POST", "/repos/contoso/platform/issues/7/comments")])
        second = self.run_pr(**{"dispatch-fix-request": "false"})
        self.assertEqual(second.code, 1, second)
        self.assertEqual(self.comment_writes(), [("POST", "/repos/contoso/platform/issues/7/comments"),
                                                 ("PATCH", "/repos/contoso/platform/issues/comments/1002")])
        # Who the token is came from GraphQL's viewer, once per run.
        self.assertEqual(len(self.api_calls("POST", "/graphql")), 2)
        self.assertIn("viewer", self.api_calls("POST", "/graphql")[0]["body"]["query"])
        self.assertIn("1 comment(s) carrying bicepgate's marker were written by someone else",
                      second.stdout + second.stderr)


class PersonalAccessToken(PullRequestRun):
    """A user's token is that user: the Actions bot's comment with the marker is not theirs."""
    github_scenario = {"token": {"kind": "user", "login": "octocat", "id": 1},
                       "comments": {"7": [{"body": MARKER + "\nwritten by the workflow token", "user": ACTIONS_BOT}]},
                       "faults": [{"method": "POST", "path": "/graphql", "status": 404, "times": -1,
                                   "body": {"message": "Not Found"}}]}

    def test_without_graphql_the_login_comes_from_get_user(self):
        result = self.run_pr(**{"dispatch-fix-request": "false"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(len(self.api_calls("GET", "/user")), 1)
        self.assertEqual(self.api_calls("PATCH", "/repos/contoso/platform/issues/comments/1001"), [])
        self.assertEqual(len(self.api_calls("POST", "/repos/contoso/platform/issues/7/comments")), 1)


class TokenAccountUnknown(PullRequestRun):
    """An app token without GraphQL: GET /user answers 403, so no comment is touched at all."""
    github_scenario = {"comments": {"7": [{"body": MARKER, "user": ACTIONS_BOT}]},
                       "faults": [{"method": "POST", "path": "/graphql", "status": 404, "times": -1,
                                   "body": {"message": "Not Found"}}]}

    def test_no_comment_is_edited_or_created_and_the_run_says_why(self):
        result = self.run_pr(**{"dispatch-fix-request": "false"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(len(self.api_calls("GET", "/user")), 1)
        self.assertEqual([r for r in self.github.requests() if r["method"] in ("POST", "PATCH")
                          and "/comments" in r["path"]], [])
        warnings = result.annotations("warning")
        self.assertTrue(any("cannot tell which account github-token belongs to" in w
                            and "Resource not accessible by integration" in w for w in warnings), warnings)


HOSTILE = "x` [link](https://evil.example) @octocat <img src=x onerror=alert(1)> #1 www.evil.example |y"
HOSTILE_SOURCE = ("resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'sthostile001'\n"
                  "  location: resourceGroup().location\n  sku: {\n    name: 'Standard_LRS'\n  }\n"
                  "  kind: 'StorageV2'\n  tags: {\n    owner: 'platform'\n    '" + HOSTILE + "': 'v'\n  }\n}\n")


def rendered_by_gfm(markdown):
    """The HTML that cmark-gfm (GitHub's Markdown parser) makes, with GitHub's extensions."""
    # --unsafe keeps raw HTML, so that a tag made from data would show; GitHub then sanitizes.
    return subprocess.run(["cmark-gfm", "--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough",
                           "-e", "tagfilter"], input=markdown, capture_output=True, text=True,
                          check=True, timeout=30).stdout


def outside_code(html):
    return re.sub(r"<code>.*?</code>", "", html, flags=re.S)


def assert_inert(test, markdown):
    """The hostile text is in `markdown`, but rendered it makes no link, image or tag, and
    nothing GitHub would turn into a mention or an issue reference."""
    test.assertIn("@octocat", markdown.replace("\u200b", ""))
    html = rendered_by_gfm(markdown)
    links = re.findall(r"<a [^>]*>", html)
    # Ours: the run, and the failure's line at the pull request's head commit.
    ours_link = re.compile(r'<a href="https://github\.com/contoso/platform/(actions/runs/[0-9]+|'
                           r'blob/[0-9a-f]{40}/[A-Za-z0-9._~%/-]+#L[0-9]+)">$')
    test.assertEqual([l for l in links if not ours_link.match(l)], [], html)
    # Every element is one that the comment and the summary are built of.
    ours = {"p", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "code", "strong", "a",
            "br", "details", "summary", "ul", "li", "blockquote"}
    test.assertEqual(set(re.findall(r"</?([A-Za-z][A-Za-z0-9]*)", html)) - ours, set(), html)
    text = outside_code(html)
    # GitHub's mention and reference filters read the rendered text outside code.
    test.assertIsNone(re.search(r"(?<![\w`])@[A-Za-z0-9]", text), text)
    test.assertIsNone(re.search(r"#[0-9]|GH-[0-9]", text), text)
    return html


@unittest.skipUnless(shutil.which("cmark-gfm"), "cmark-gfm is not installed (scripts/install-deps)")
class HostilePropertyPath(PullRequestRun):
    """Issue 15 hole 8: a backtick in a what-if property path broke out of its code span."""
    scenario = {"resources": [seeded("rg-aos-staging", "sthostile001", "Microsoft.Storage/storageAccounts",
                                     sku="Standard_LRS", kind="StorageV2", tags={"owner": "platform"})]}
    files = dict(PullRequestRun.files, **{"bicep/secure.bicep": HOSTILE_SOURCE,
                                           "bicep/secure.parameters.json": json.dumps({"parameters": {}})})

    def setUp(self):
        super().setUp()
        self.runner.write("bicep/secure.bicep", HOSTILE_SOURCE)
        self.commit("a hostile tag")

    def test_the_comment_and_the_summary_render_the_path_as_code_only(self):
        result = self.run_pr(**{"dispatch-fix-request": "false"})
        comment = self.api_calls("POST", "/repos/contoso/platform/issues/7/comments")[0]["body"]["body"]
        self.assertIn("tags.x`", comment, result)
        for markdown in (comment, result.summary):
            html = assert_inert(self, markdown)
            self.assertIn("<code>tags.x` [link](https://evil.example) @octocat &lt;img src=x onerror=alert(1)&gt; "
                          "#1 www.evil.example |y</code>", html)


@unittest.skipUnless(shutil.which("cmark-gfm"), "cmark-gfm is not installed (scripts/install-deps)")
class HostileErrorMessage(PullRequestRun):
    """ARM's message quotes what the template said; in a table cell it stays text."""
    scenario = {"faults": [dict(WHATIF_FAILS, body={"error": {
        "code": "InvalidTemplateDeployment", "message": "The template deployment is not valid.",
        "details": [{"code": "InvalidParameter", "target": TARGET, "message": "Tag '" + HOSTILE + "' is not valid."}]}})]}

    def test_the_error_table_renders_the_message_as_plain_text(self):
        result = self.run_pr(**{"dispatch-fix-request": "false"})
        self.assertEqual(result.code, 1, result)
        comment = self.api_calls("POST", "/repos/contoso/platform/issues/7/comments")[0]["body"]["body"]
        for markdown in (comment, result.summary):
            html = assert_inert(self, markdown)
            # The characters are all there, as text: a person reads what ARM said.
            self.assertIn("x` [link](https:\u200b//evil.example) @\u200boctocat &lt;img src=x onerror=alert(1)&gt; "
                          "#\u200b1 www\u200b.evil.example |y", html)



def strip_tags(html):
    return re.sub(r"<[^>]+>", "", html).strip()


def details_blocks(test, html):
    """Each <details> of rendered HTML as (summary text, the HTML after its summary), after
    checking that every one is closed, nested properly, and opens with a <summary>."""
    found, stack = [], []
    for tag in re.finditer(r"<(/?)details>", html):
        if not tag.group(1):
            stack.append(tag.end())
            continue
        test.assertTrue(stack, f"a </details> closes nothing:\n{html}")
        opened = stack.pop()
        inner = html[opened:tag.start()]
        summary = re.match(r"\s*<summary>(.*?)</summary>", inner, re.S)
        test.assertIsNotNone(summary, f"a <details> without a <summary> first:\n{inner}")
        found.append((strip_tags(summary.group(1)), inner[summary.end():]))
    test.assertEqual(stack, [], f"a <details> is never closed:\n{html}")
    return found


def structure(test, html):
    """Headings (level, text), tables (their header cells and their rows' cells), details, and
    any Markdown left as text: a table row or delimiter, or a heading that did not start a block."""
    text = outside_code(html)
    tables = []
    for table in re.findall(r"<table>(.*?)</table>", html, re.S):
        header = [strip_tags(c) for c in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
        rows = [[strip_tags(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
                for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[-1], re.S)]
        tables.append({"header": header, "rows": rows})
    return {"headings": [(int(level), strip_tags(h)) for level, h in re.findall(r"<h([1-6])>(.*?)</h\1>", html, re.S)],
            "tables": tables, "details": details_blocks(test, html),
            "raw": re.findall(r"(?m)(?:^|>)[ \t]*(#{1,6} \S.*|\|.*\|)[ \t]*$", text) +
            re.findall(r"\|[ \t]*:?-{3,}:?[ \t]*\|", text) + re.findall(r"(?m)^[ \t]*#{1,6} ", strip_tags(text))}


def headings_at(rendered, level):
    return [text for at, text in rendered["headings"] if at == level]


def table_with(test, rendered, header, last=False):
    """The first table with this header (the last: a preview's table comes before the run's own)."""
    found = [t for t in rendered["tables"] if t["header"] == header]
    test.assertTrue(found, f"no table with the header {header}: {rendered['tables']}")
    return found[-1] if last else found[0]


@unittest.skipUnless(shutil.which("cmark-gfm"), "cmark-gfm is not installed (scripts/install-deps)")
class RenderedStructure(PullRequestRun):
    """Issue 16: rendered as GitHub renders them, the summary and the comment are headings,
    tables and closed details; no heading or table row is left as text."""

    def test_the_summary_and_the_comment_render_headings_tables_and_details(self):
        result = self.run_pr()
        self.assertEqual(result.code, 1, result)
        comment = self.api_calls("POST", "/repos/contoso/platform/issues/7/comments")[0]["body"]["body"]
        summary = structure(self, rendered_by_gfm(result.summary))
        self.assertEqual(summary["raw"], [], result.summary)
        self.assertIn("Fix request", headings_at(summary, 3), result.summary)
        self.assertTrue(any(h.startswith("bicepgate: staging") for h in headings_at(summary, 2)), summary)
        self.assertGreaterEqual(len(summary["tables"]), 2, summary)
        self.assertGreaterEqual(len(summary["details"]), 1, summary)
        rendered = structure(self, rendered_by_gfm(comment))
        self.assertEqual(rendered["raw"], [], comment)
        self.assertIn("Errors", headings_at(rendered, 4), comment)
        self.assertTrue(any(h.startswith("bicepgate · staging") for h in headings_at(rendered, 3)), rendered)
        table_with(self, rendered, ["Code", "Where", "Message"])


WHAT_IF_HEADER = ["Resource type", "Name", "Change", "Changed properties (before → after)"]


@unittest.skipUnless(shutil.which("cmark-gfm"), "cmark-gfm is not installed (scripts/install-deps)")
class RenderedScenes(unittest.TestCase):
    """Issue 16 item 8: the runs people look at (tests/e2e/scenes.py, the same ones as the
    README's pictures), rendered as GitHub renders them: each summary and comment is headings at
    their level, tables with their header cells, closed details with their content, and nothing
    left as Markdown text."""

    def rendered(self, scene_name, expected_code):
        scene = next(s for s in SCENES if s.name == scene_name)
        played = play(scene)
        self.assertEqual(played.result.code, expected_code, played.result)
        self.assertEqual(len(played.comments), 1, played.result)
        summary = structure(self, rendered_by_gfm(played.summary))
        comment = structure(self, rendered_by_gfm(played.comments[0]))
        for markdown, rendered in ((played.summary, summary), (played.comments[0], comment)):
            self.assertEqual(rendered["raw"], [], markdown)
        # Every summary ends with the state history, folded, as a table of transitions.
        history = [body for title, body in summary["details"] if title == "State history"]
        self.assertEqual(len(history), 1, summary["details"])
        self.assertIn("<th>At</th>\n<th>From</th>\n<th>To</th>", history[0])
        self.assertEqual(headings_at(summary, 1), [])
        self.assertEqual(headings_at(comment, 1) + headings_at(comment, 2), [])
        return played, summary, comment

    def test_a_plan_with_changes(self):
        played, summary, comment = self.rendered("plan", 0)
        # The merge's target first (the route's prod preview), then the pull request's own plan.
        self.assertEqual(headings_at(summary, 2),
                         ["Preview · prod (production): planned (what-if only, nothing deployed)",
                          "bicepgate: staging — planned (what-if only, nothing deployed)"])
        self.assertIn("What-if", headings_at(summary, 3))
        self.assertEqual(headings_at(comment, 3), ["bicepgate · staging: planned (what-if only, nothing deployed)"])
        # The prod preview's section first, then the pull request's own, each with its what-if.
        self.assertEqual(headings_at(comment, 4),
                         ["Preview · prod (production): planned (what-if only, nothing deployed)",
                          "staging: planned (what-if only, nothing deployed)"])
        self.assertEqual(headings_at(comment, 5), ["What-if of prod", "What-if of staging"])
        for rendered in (summary, comment):
            changes = table_with(self, rendered, WHAT_IF_HEADER, last=True)["rows"]
            self.assertIn(["Microsoft.Web/serverfarms", "plan-aos-staging", "Modify (SKU)"], [r[:3] for r in changes])
            self.assertEqual(sorted(r[2] for r in changes), ["Create", "Create", "Modify (SKU)"], changes)

    def test_a_destructive_stop(self):
        played, summary, comment = self.rendered("destructive", 1)
        self.assertEqual(headings_at(summary, 2),
                         ["bicepgate: staging — stopped at the delete gate, waiting for approval"])
        self.assertIn("Destructive changes", headings_at(summary, 3))
        self.assertTrue(headings_at(comment, 3)[0].startswith("bicepgate · staging: stopped at the delete gate"),
                        comment["headings"])
        self.assertEqual(headings_at(comment, 4), ["Errors", "What-if"])
        errors = table_with(self, comment, ["Code", "Where", "Message"])["rows"]
        self.assertEqual([r[0] for r in errors], ["gate.deletes"], errors)
        html = rendered_by_gfm(played.comments[0])
        self.assertRegex(html, r"<li><strong>Microsoft\.Cache/redis redis-aos-staging</strong>: deleted")
        for rendered in (summary, comment):
            changes = table_with(self, rendered, WHAT_IF_HEADER)["rows"]
            self.assertIn(["Microsoft.Cache/redis", "redis-aos-staging", "Delete"], [r[:3] for r in changes])

    def test_a_lint_failure(self):
        played, summary, comment = self.rendered("lint", 1)
        self.assertEqual(headings_at(summary, 2)[1:],
                         ["bicepgate: staging — failed at Bicep build and lint (logic, BCP057)"])
        self.assertEqual(headings_at(summary, 3), ["Bicep diagnostics", "Fix request"])
        diagnostics = table_with(self, summary, ["Severity", "Where", "Code", "Message"])["rows"]
        self.assertEqual([r[:3] for r in diagnostics], [["error", "bicep/main.bicep:49:13", "BCP057"]], diagnostics)
        self.assertTrue(headings_at(comment, 3)[0].startswith("bicepgate · staging: failed at Bicep build and lint (logic, BCP057)"), comment)
        # The prod preview fails on the same template, and says so in its own section first.
        self.assertEqual(headings_at(comment, 4),
                         ["Preview · prod (production): could not be planned (logic at Bicep build and lint)",
                          "staging: failed at Bicep build and lint (logic, BCP057)", "Errors"])
        errors = table_with(self, comment, ["Code", "Where", "Message"])["rows"]
        self.assertEqual([r[:2] for r in errors], [["BCP057", "bicep/main.bicep:49"]], errors)
        # The Where cell is a link to the line at the pull request's head commit.
        self.assertIn('<a href="https://github.com/contoso/platform/blob/' + "0" * 40 + '/bicep/main.bicep#L49">',
                      rendered_by_gfm(played.comments[0]))


if __name__ == "__main__":
    unittest.main()

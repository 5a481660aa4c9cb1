#!/usr/bin/env python3
"""A stand-in for the GitHub REST API on 127.0.0.1, for the e2e tests: repository_dispatch,
issues (list by state and labels, create, edit, close), issue comments (list, create, edit),
who the token is (GET /user, GraphQL's viewer) and the Actions OIDC token endpoint. Every request
is appended to a JSON-lines log with its headers and body. Faults come from a scenario file:
{"faults": [{"method": "POST", "path": "/repos/o/r/dispatches", "status": 502, "times": 1}]}.
The token is the workflow's GITHUB_TOKEN unless the scenario says {"token": {"kind": "user",
"login": "octocat", "id": 1}}; comments already on an issue come from {"comments": {"7": [{"body":
"…", "user": {"login": "mallory", "id": 5, "type": "User"}}]}}; the pull requests a commit came
from (GET /repos/{owner}/{repo}/commits/{sha}/pulls) from {"commit_pulls": {"<sha>": [{"number": 7,
"base": "main", "merged": true, "merge_commit_sha": "<sha>", "labels": ["approve-deletes"]}]}};
{"labels_dropped": true} drops the labels of new issues.
Stops by itself after --max-seconds, or after --idle-seconds without a request."""

import argparse
import base64
import json
import os
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serving import serve_until_done  # noqa: E402


# The author of what the workflow's GITHUB_TOKEN writes, and the app it acts through: a comment
# by it has user.type "Bot" and performed_via_github_app set (docs.github.com/en/rest/issues/
# comments, the issue-comment schema); 41898282 is github-actions[bot]'s account id.
ACTIONS_BOT = {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}
ACTIONS_APP = {"id": 15368, "slug": "github-actions", "node_id": "MDM6QXBwMTUzNjg=", "name": "GitHub Actions",
               "owner": {"login": "github", "id": 9919, "type": "Organization"}}


def oidc_jwt(subject, audience, lifetime):
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    now = time.time()
    claims = {"iss": "https://token.actions.githubusercontent.com", "sub": subject, "aud": audience,
              "jti": uuid.uuid4().hex, "iat": int(now), "nbf": int(now), "exp": int(now + lifetime)}
    return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


class State:
    def __init__(self, scenario, log_path):
        self.lock = threading.Lock()
        self.faults = [dict(f) for f in scenario.get("faults", [])]
        token = scenario.get("token", {"kind": "app"})
        if token.get("kind") == "user":
            self.user = {"login": token.get("login", "octocat"), "id": token.get("id", 1), "type": "User"}
            self.app = None
        else:
            self.user, self.app = dict(ACTIONS_BOT), dict(ACTIONS_APP)
        self.next_id = 1000
        self.comments = {}  # issue number -> list of comments as the REST API lists them
        for number, seeded in scenario.get("comments", {}).items():
            for comment in seeded:
                self.next_id += 1
                self.comments.setdefault(int(number), []).append(
                    {"id": self.next_id, "performed_via_github_app": None, **comment})
        self.commit_pulls = scenario.get("commit_pulls", {})
        # Issues (not pull requests) by number; a scenario may seed some with {"issues": [{"title",
        # "body", "labels": ["…"], "state", "user": {…}}]}.
        self.issues = {}
        # {"labels_dropped": true}: a new issue's labels are dropped, as GitHub does silently for
        # a token without push access ("Create an issue", docs.github.com/en/rest/issues/issues).
        self.labels_dropped = scenario.get("labels_dropped", False)
        self.next_number = 100
        for seeded in scenario.get("issues", []):
            self.new_issue("contoso/platform", seeded, seeded.get("user", dict(self.user)))
        self.oidc_token = scenario.get("oidc_token", "")
        # With a lifetime the endpoint hands out what GitHub does: a JWT whose subject is the
        # scenario's token, new on every request, expiring `oidc_lifetime_seconds` after issue
        # (GitHub's own live about 5 minutes; Azure/login#372).
        self.oidc_lifetime = scenario.get("oidc_lifetime_seconds")
        self.log_path = log_path
        self.last_request = time.time()

    def new_issue(self, owner_repo, fields, user):
        """An issue as the REST API returns it (docs.github.com/en/rest/issues/issues, the issue
        schema): the few fields bicepgate reads and those a list shows."""
        self.next_number += 1
        self.next_id += 1
        number = self.next_number
        labels = [{"id": 200 + i, "node_id": f"LA_{i}", "name": name, "color": "ededed",
                   "description": None, "default": False}
                  for i, name in enumerate(fields.get("labels", []))]
        issue = {"id": self.next_id, "node_id": f"I_{self.next_id}", "number": number,
                 "url": f"https://api.github.com/repos/{owner_repo}/issues/{number}",
                 "html_url": f"https://github.com/{owner_repo}/issues/{number}",
                 "title": fields.get("title", ""), "body": fields.get("body"),
                 "state": fields.get("state", "open"), "state_reason": fields.get("state_reason"),
                 "labels": labels, "user": user, "comments": 0, "locked": False,
                 "created_at": "2026-12-05T10:00:00Z", "updated_at": "2026-12-05T10:00:00Z",
                 "closed_at": None, "performed_via_github_app": None}
        self.issues[number] = issue
        return issue

    def fault_for(self, method, path):
        with self.lock:
            for fault in self.faults:
                if fault.get("method", method) != method or not path.startswith(fault["path"]):
                    continue
                if fault.get("times", -1) == 0:
                    continue
                if fault.get("times", -1) > 0:
                    fault["times"] -= 1
                return fault
        return None

    def log(self, entry):
        with self.lock:
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")


def pull_request_simple(owner_repo, item):
    """One pull request as the commit's pulls list shows it, from a scenario's short form."""
    merged = item.get("merged", True)
    repo = {"full_name": owner_repo, "name": owner_repo.split("/")[1]}
    return {
        "number": item["number"],
        "url": f"https://api.github.com/repos/{owner_repo}/pulls/{item['number']}",
        "state": "closed" if merged else "open",
        "title": item.get("title", "change"),
        "merged_at": "2026-12-04T10:00:00Z" if merged else None,
        "closed_at": "2026-12-04T10:00:00Z" if merged else None,
        "merge_commit_sha": item.get("merge_commit_sha"),
        "labels": [{"id": 100 + i, "node_id": f"LA_{i}", "url": "", "name": name, "description": None,
                    "color": "ededed", "default": False} for i, name in enumerate(item.get("labels", []))],
        "head": {"label": "contoso:" + item.get("head", "feature"), "ref": item.get("head", "feature"),
                 "sha": item.get("head_sha", "1" * 40), "repo": repo, "user": None},
        "base": {"label": "contoso:" + item.get("base", "main"), "ref": item.get("base", "main"),
                 "sha": "2" * 40, "repo": repo, "user": None},
    }


def make_handler(state):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, status, body=None, headers=None):
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if data:
                self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def handle_any(self):
            state.last_request = time.time()
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            url = urlparse(self.path)
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = {"unparsed": raw.decode("utf-8", "replace")}
            state.log({"method": self.command, "path": url.path, "query": url.query,
                       "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body,
                       "bytes": len(raw)})
            fault = state.fault_for(self.command, url.path)
            if fault:
                if fault.get("status", 0) == 0:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self.reply(fault["status"], fault.get("body", {"message": "injected fault"}),
                           fault.get("headers"))
                return
            if not self.headers.get("Authorization", "").startswith(("Bearer ", "bearer ")):
                self.reply(401, {"message": "Requires authentication"})
                return
            self.route(url, body)

        def route(self, url, body):
            parts = url.path.strip("/").split("/")
            # /repos/{owner}/{repo}/dispatches
            if self.command == "POST" and len(parts) == 4 and parts[0] == "repos" and parts[3] == "dispatches":
                if not isinstance(body, dict) or not body.get("event_type"):
                    self.reply(422, {"message": "Invalid request: event_type is required"})
                elif len(body.get("client_payload", {})) > 10:
                    self.reply(422, {"message": "client_payload has more than 10 properties"})
                else:
                    self.reply(204)
                return
            # /repos/{owner}/{repo}/issues: list (state defaults to open; labels is a comma-separated
            # list an issue must carry all of; per_page, page) and create (title required).
            if len(parts) == 4 and parts[0] == "repos" and parts[3] == "issues":
                owner_repo = parts[1] + "/" + parts[2]
                with state.lock:
                    if self.command == "GET":
                        query = parse_qs(url.query)
                        wanted_state = query.get("state", ["open"])[0]
                        wanted_labels = [x for x in query.get("labels", [""])[0].split(",") if x]
                        per_page = int(query.get("per_page", ["30"])[0])
                        page = int(query.get("page", ["1"])[0])
                        found = [i for _, i in sorted(state.issues.items())
                                 if wanted_state in ("all", i["state"]) and
                                 all(name in [x["name"] for x in i["labels"]] for name in wanted_labels)]
                        self.reply(200, found[(page - 1) * per_page: page * per_page])
                        return
                    if self.command == "POST":
                        if not isinstance(body, dict) or not body.get("title"):
                            self.reply(422, {"message": "Invalid request: title is required"})
                            return
                        if state.labels_dropped:  # a token that may not label: dropped silently
                            body = {k: v for k, v in body.items() if k != "labels"}
                        issue = state.new_issue(owner_repo, body, dict(state.user))
                        issue["performed_via_github_app"] = state.app and dict(state.app)
                        self.reply(201, issue)
                        return
            # /repos/{owner}/{repo}/issues/{n}: get, and update (title, body, state, state_reason)
            if len(parts) == 5 and parts[0] == "repos" and parts[3] == "issues" and parts[4].isdigit():
                with state.lock:
                    issue = state.issues.get(int(parts[4]))
                    if issue is None:
                        self.reply(404, {"message": "Not Found"})
                        return
                    if self.command == "PATCH":
                        for key in ("title", "body", "state", "state_reason"):
                            if isinstance(body, dict) and key in body:
                                issue[key] = body[key]
                        issue["closed_at"] = "2026-12-05T11:00:00Z" if issue["state"] == "closed" else None
                    self.reply(200, issue)
                    return
            # /repos/{owner}/{repo}/issues/{n}/comments
            if len(parts) == 6 and parts[0] == "repos" and parts[3] == "issues" and parts[5] == "comments":
                number = int(parts[4])
                with state.lock:
                    comments = state.comments.setdefault(number, [])
                    if self.command == "GET":
                        query = parse_qs(url.query)
                        per_page = int(query.get("per_page", ["30"])[0])
                        page = int(query.get("page", ["1"])[0])
                        chunk = comments[(page - 1) * per_page: page * per_page]
                        self.reply(200, chunk)
                        return
                    if self.command == "POST":
                        state.next_id += 1
                        comment = {"id": state.next_id, "body": body["body"], "user": dict(state.user),
                                   "performed_via_github_app": state.app and dict(state.app)}
                        comments.append(comment)
                        self.reply(201, comment)
                        return
            # /repos/{owner}/{repo}/issues/comments/{id}
            if self.command == "PATCH" and len(parts) == 6 and parts[3] == "issues" and parts[4] == "comments":
                with state.lock:
                    for comments in state.comments.values():
                        for comment in comments:
                            if comment["id"] == int(parts[5]):
                                comment["body"] = body["body"]
                                self.reply(200, comment)
                                return
                self.reply(404, {"message": "Not Found"})
                return
            # GET /repos/{owner}/{repo}/commits/{sha}/pulls: a list of pull-request-simple items
            # (docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit);
            # merged_at is null until merged, merge_commit_sha is then the commit the base moved to.
            if self.command == "GET" and len(parts) == 6 and parts[0] == "repos" and parts[3] == "commits" \
                    and parts[5] == "pulls":
                owner_repo = parts[1] + "/" + parts[2]
                self.reply(200, [pull_request_simple(owner_repo, item)
                                 for item in state.commit_pulls.get(parts[4], [])])
                return
            # GET /user: an app installation token (GITHUB_TOKEN included) is refused
            # (docs.github.com/rest/users/users#get-the-authenticated-user; the 403 body as
            # actions/create-github-app-token#258 shows it)
            if self.command == "GET" and url.path == "/user":
                if state.app:
                    self.reply(403, {"message": "Resource not accessible by integration",
                                     "documentation_url":
                                         "https://docs.github.com/rest/users/users#get-the-authenticated-user",
                                     "status": "403"})
                else:
                    self.reply(200, dict(state.user))
                return
            # POST /graphql: only the query { viewer { login } }, which answers for both kinds
            if self.command == "POST" and url.path == "/graphql":
                query = body.get("query", "") if isinstance(body, dict) else ""
                if "viewer" in query:
                    self.reply(200, {"data": {"viewer": {"login": state.user["login"]}}})
                else:
                    self.reply(200, {"errors": [{"message": "the stand-in answers only viewer { login }"}]})
                return
            # /oidc/token?audience=...: the Actions ID-token endpoint
            if self.command == "GET" and url.path == "/oidc/token":
                audience = parse_qs(url.query).get("audience", [""])[0]
                if state.oidc_lifetime is None:
                    self.reply(200, {"value": state.oidc_token + ":" + audience})
                else:
                    self.reply(200, {"value": oidc_jwt(state.oidc_token, audience, state.oidc_lifetime)})
                return
            self.reply(404, {"message": "Not Found"})

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = handle_any

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--scenario")
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument("--idle-seconds", type=float, default=120)
    args = parser.parse_args()
    scenario = {}
    if args.scenario:
        with open(args.scenario, encoding="utf-8") as f:
            scenario = json.load(f)
    state = State(scenario, args.log)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    server.daemon_threads = True
    serve_until_done(server, args.port_file, args.max_seconds, args.idle_seconds, lambda: state.last_request)


if __name__ == "__main__":
    main()

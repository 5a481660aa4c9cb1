#!/usr/bin/env python3
"""Cuts Debian's azure-cli down to what bicepgate calls, and proves what is left still answers.

Runs inside the image build, as root, in the same RUN that installs azure-cli, so nothing it
deletes ever reaches a layer (Dockerfile). Debian's azure-cli pulls in every Azure SDK
(python3-azure, 1.4 GB with its byte-code) and the Python packages of all 60-odd command
modules; bicepgate runs a dozen commands from five of them (COMMANDS below).

  az-slim.py slim --base FILE   delete what those commands cannot reach (FILE: the packages
                                installed before azure-cli, one a line; they all stay)
  az-slim.py check [--bicep]    run every command bicepgate uses (and the tests use) with
                                --help, and the ones that need no Azure for real; exit 1 naming
                                each one that fails. Python writes the byte-code of exactly the
                                modules these commands import, which is what the first run in a
                                container will use.

What `slim` removes, and why it cannot matter:
- command modules other than KEEP_MODULES: az builds its command index from the modules it
  finds, so the commands of the others simply do not exist;
- the azure.* packages other than KEEP_AZURE, and azure.mgmt.* other than KEEP_MGMT (the
  modules kept import only these: traced with `python3 -X importtime` over COMMANDS);
- in the kept SDKs, every API-version folder the 'latest' profile of azure-cli does not select
  and no client default or `models` import names, and every async (aio) client: az is
  synchronous;
- Debian packages nothing kept depends on (closure over Depends and Pre-Depends of the base,
  the packages installed by name (apt-mark showmanual) and ROOT_PACKAGES; the big bundles in
  NO_FOLLOW stay, but are not followed; those in DROP are not kept for a dependency), purged
  with dpkg;
- all byte-code (`check` writes back what is used), egg-info of removed packages.
Keep this in step with src/: every az call bicepgate makes is in COMMANDS.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

SITE = "/usr/lib/python3/dist-packages"

# The az commands bicepgate runs (src/azure, src/stages, src/pipeline) and those the tests run in
# the image (tests/runner/scenarios.py registers the emulator's cloud). Each is checked with
# --help; the group of each must stay.
COMMANDS = [
    "version",                                    # pipeline/run.cpp
    "login",                                      # stages/login.cpp (OIDC, creds)
    "account set",                                # stages/login.cpp
    "account show",
    "deployment group what-if",                   # azure/deployment.cpp
    "deployment group create",
    "deployment group list",                      # azure/deployment_history.cpp
    "deployment group show",                      # named in the timeout message
    "deployment group cancel",
    "deployment sub what-if",
    "deployment sub create",
    "deployment sub list",
    "deployment sub show",
    "deployment sub cancel",
    "deployment operation group list",            # azure/deployment.cpp (progress)
    "deployment operation sub list",
    "resource list",                              # azure/resources.cpp (health)
    "group list",
    "provider show",                              # stages/regions.cpp
    "stack group show",                           # stages/stack.cpp (type: stack)
    "stack group create",
    "stack group validate",
    "stack group delete",
    "stack sub show",
    "stack sub create",
    "stack sub validate",
    "stack sub delete",
    "bicep version",
    "cloud register",                             # tests/runner/scenarios.py
    "cloud update",
    "cloud set",
    "cloud show",
    "config set",
]
# Commands that need no Azure, run for real (with a scratch AZURE_CONFIG_DIR).
RUNS = [
    ["version", "--output", "json"],
    ["cloud", "list", "--output", "none"],
    ["cloud", "show", "--output", "none"],
    ["config", "set", "core.collect_telemetry=false"],
    ["account", "list", "--output", "none"],
]
BICEP_RUNS = [["bicep", "version"]]

KEEP_MODULES = {"resource", "profile", "cloud", "util", "config"}
KEEP_AZURE = {"cli", "common", "core", "mgmt", "profiles"}
KEEP_MGMT = {"core", "resource", "managementgroups"}
# What the commands import, by Debian package (python3 -X importtime over COMMANDS, files
# mapped with dpkg -S), plus the runtime of the image.
ROOT_PACKAGES = [
    "azure-cli", "python3-azure-cli-core", "python3-azure-cli-telemetry",
    "python3-argcomplete", "python3-certifi", "python3-chardet", "python3-charset-normalizer",
    "python3-cryptography", "python3-humanfriendly", "python3-idna", "python3-isodate",
    "python3-jmespath", "python3-jwt", "python3-knack", "python3-msal", "python3-msal-extensions",
    "python3-msrest", "python3-oauthlib", "python3-packaging", "python3-pkginfo",
    "python3-portalocker", "python3-requests", "python3-requests-oauthlib", "python3-semver",
    "python3-typing-extensions", "python3-urllib3", "python3-yaml",
]
NO_FOLLOW = {"python3-azure", "python3-azure-cli"}  # kept, but their Depends are the bloat
# Not kept through a dependency: msal-extensions needs PyGObject (and with it GLib, cairo, X11
# and fonts) only for libsecret, which az uses only with core.encrypt_token_cache, off on Linux.
DROP = {"python3-gi", "python3-gi-cairo"}
DATE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)(-preview)?\b")


def run(argv, **kw):
    return subprocess.run(argv, check=True, text=True, **kw)


def du(path):
    return int(run(["du", "-sb", path], capture_output=True).stdout.split()[0])


def remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def version_folder(date):
    """'2024-11-01-preview' -> 'v2024_11_01_preview'."""
    return "v" + date.replace("-", "_")


def wanted_api_versions():
    """{SDK package folder: the API-version folders the kept code can select there}: the
    'latest' profile of azure-cli (the dates in the modules' sources are minimum versions that
    gate arguments, not folders they load), each multi-API client's default and its `models`
    import."""
    sys.path.insert(0, SITE)
    from azure.cli.core.profiles._shared import AZURE_API_PROFILES  # noqa: E402 pylint: disable=import-outside-toplevel
    wanted = {}

    def want(folder, version):
        if DATE.fullmatch(version):
            wanted.setdefault(os.path.normpath(folder), set()).add(version_folder(version))

    for resource_type, value in AZURE_API_PROFILES["latest"].items():
        import_prefix = getattr(resource_type, "import_prefix", None)
        if not import_prefix or not import_prefix.startswith("azure.mgmt."):
            continue
        folder = os.path.join(SITE, *import_prefix.split("."))
        want(folder, str(getattr(value, "default_api_version", value)))
        for version in (getattr(value, "profile", None) or {}).values():
            want(folder, str(version))
    for mgmt in KEEP_MGMT:
        for folder, dirs, files in os.walk(os.path.join(SITE, "azure", "mgmt", mgmt)):
            dirs[:] = [d for d in dirs if not d.startswith("v20")]
            for name in files:
                if not name.endswith(".py"):
                    continue
                with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                    text = f.read()
                for m in re.finditer(r"DEFAULT_API_VERSION\s*=\s*['\"]([^'\"]+)['\"]", text):
                    want(folder, m.group(1))
                if name == "models.py":
                    for version in re.findall(r"from \.v(20\w+)", text):
                        want(folder, version.replace("_", "-"))
    return wanted


def slim_python():
    azure = os.path.join(SITE, "azure")
    modules = os.path.join(azure, "cli", "command_modules")
    for name in os.listdir(modules):
        if os.path.isdir(os.path.join(modules, name)) and name not in KEEP_MODULES | {"__pycache__"}:
            remove(os.path.join(modules, name))
    for name in os.listdir(azure):
        if os.path.isdir(os.path.join(azure, name)) and name not in KEEP_AZURE | {"__pycache__"}:
            remove(os.path.join(azure, name))
    mgmt = os.path.join(azure, "mgmt")
    for name in os.listdir(mgmt):
        if os.path.isdir(os.path.join(mgmt, name)) and name not in KEEP_MGMT | {"__pycache__"}:
            remove(os.path.join(mgmt, name))
    versions = wanted_api_versions()
    kept = []
    for sdk in KEEP_MGMT:
        for folder, dirs, _ in os.walk(os.path.join(mgmt, sdk)):
            for d in list(dirs):
                if d == "aio" or (d.startswith("v20") and d not in versions.get(os.path.normpath(folder), ())):
                    remove(os.path.join(folder, d))
                    dirs.remove(d)
                elif d.startswith("v20"):
                    kept.append(os.path.relpath(os.path.join(folder, d), mgmt))
    print("az-slim: API versions kept:", " ".join(sorted(kept)))
    # Metadata of distributions whose package is gone (azure_ai_ml-1.28.0.egg-info names azure/ai/ml).
    for name in os.listdir(SITE):
        if name.startswith("azure_") and name.endswith((".egg-info", ".dist-info")):
            dotted = name.split("-")[0].split("_")
            if not os.path.isdir(os.path.join(SITE, *dotted)):
                remove(os.path.join(SITE, name))


def installed_packages():
    out = run(["dpkg-query", "-W", "-f", "${Package}\t${Depends}, ${Pre-Depends}\t${Provides}\n"],
              capture_output=True).stdout
    depends, provides = {}, {}
    for line in out.splitlines():
        name, deps, prov = line.split("\t")
        depends[name] = [[re.sub(r"[\s(].*", "", alt.strip()).split(":")[0] for alt in dep.split("|")]
                         for dep in deps.split(",") if dep.strip()]
        for p in prov.split(","):
            p = re.sub(r"[\s(].*", "", p.strip())
            if p:
                provides.setdefault(p, set()).add(name)
    return depends, provides


def slim_packages(base):
    depends, provides = installed_packages()
    manual = run(["apt-mark", "showmanual"], capture_output=True).stdout.split()
    keep, todo = set(), [p for p in base + manual + ROOT_PACKAGES if p in depends]
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        if name in NO_FOLLOW:
            continue
        for alternatives in depends.get(name, []):
            for alt in alternatives:  # every installed alternative stays
                for target in {alt} | provides.get(alt, set()):
                    if target in depends and target not in keep and target not in DROP:
                        todo.append(target)
    keep |= NO_FOLLOW & set(depends)
    purge = sorted(set(depends) - keep)
    if purge:
        print(f"az-slim: purging {len(purge)} packages nothing kept depends on:", " ".join(purge))
        run(["dpkg", "--purge", "--force-depends", *purge], stdout=subprocess.DEVNULL)


def drop_bytecode():
    for top in [SITE] + [os.path.join("/usr/lib", d) for d in os.listdir("/usr/lib") if re.fullmatch(r"python3\.\d+", d)]:
        for folder, dirs, _ in os.walk(top):
            if "__pycache__" in dirs:
                remove(os.path.join(folder, "__pycache__"))
                dirs.remove("__pycache__")


def az(args, config_dir):
    env = dict(os.environ, AZURE_CONFIG_DIR=config_dir, AZURE_CORE_COLLECT_TELEMETRY="false",
               AZURE_CORE_NO_COLOR="true", AZURE_BICEP_USE_BINARY_FROM_PATH="true")
    return subprocess.run(["az", *args], env=env, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL, check=False)


def check(bicep):
    failures = []
    with tempfile.TemporaryDirectory() as config_dir:
        for command in COMMANDS:
            done = az(command.split() + ["--help"], config_dir)
            # az's help names the command it describes: `az deployment group what-if : ...`.
            if done.returncode != 0 or f"az {command}" not in done.stdout:
                failures.append(f"az {command} --help: exit {done.returncode}: {done.stderr.strip()[-400:]}")
        for args in RUNS + (BICEP_RUNS if bicep else []):
            done = az(args, config_dir)
            if done.returncode != 0:
                failures.append(f"az {' '.join(args)}: exit {done.returncode}: {done.stderr.strip()[-400:]}")
            elif args[0] == "version":
                print("az-slim: az version:", done.stdout.replace("\n", " ")[:200])
            elif args[0] == "bicep":
                print("az-slim: az bicep version:", done.stdout.strip())
    for failure in failures:
        print("az-slim: FAILED", failure, file=sys.stderr)
    print(f"az-slim: {len(COMMANDS)} commands with --help, {len(RUNS) + (len(BICEP_RUNS) if bicep else 0)} run: "
          f"{len(failures)} failure(s)")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="action", required=True)
    slim = sub.add_parser("slim")
    slim.add_argument("--base", required=True, help="packages installed before azure-cli, one a line")
    checking = sub.add_parser("check")
    checking.add_argument("--bicep", action="store_true", help="also run az bicep version")
    args = parser.parse_args()
    if args.action == "check":
        return check(args.bicep)
    before = du(SITE)
    with open(args.base, encoding="utf-8") as f:
        base = f.read().split()
    slim_python()
    slim_packages(base)
    drop_bytecode()
    print(f"az-slim: {SITE}: {before / 1e6:.0f} MB -> {du(SITE) / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

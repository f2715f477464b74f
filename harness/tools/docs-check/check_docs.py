#!/usr/bin/env python3
"""Every path, test class and package the Markdown documents name exists.

Checks each tracked *.md file (outside node_modules) for:
  - relative links, [text](path) and [text](path#anchor): the path exists, from the document's directory;
  - code spans that are repository paths (`ops/reconcile`, `harness/tools/smoke/walkthrough.sh`): the path exists
    from the repository root or from the document's directory; placeholders (<...>, *, {...}) are skipped;
  - code spans naming a test class (`SplitIT`, `ModularityTests`, `MemberEventContractTest`): a source file of
    that name exists;
  - code spans naming a package of this project (`com.example.events.memberservice.relay`): its directory exists.
Prints each dangling reference as file:line and exits 1 if there is any.
"""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
CODE = re.compile(r"`([^`\n]+)`")
TEST_CLASS = re.compile(r"^[A-Z][A-Za-z0-9]*(IT|Test|Tests)$")
PACKAGE = re.compile(r"^com\.example\.[a-z0-9.]+[a-z0-9]$")
PLACEHOLDER = re.compile(r"[<>*{}$…]|\.\.\.")
# what a build or an install makes, and OAuth scopes, which look like paths
NOT_A_SOURCE_PATH = re.compile(r"(^|/)(target|\.venv|node_modules)(/|$)|^(member|reservation)-service/(api|admin)$")


def tracked_markdown():
    out = subprocess.run(["git", "ls-files", "*.md"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / line for line in out.splitlines() if "node_modules/" not in line]


def source_names():
    out = subprocess.run(["git", "ls-files", "*.java"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return {Path(line).stem for line in out.splitlines()}


def top_level():
    return {p.name for p in ROOT.iterdir()}


def looks_like_path(span, roots):
    if " " in span or "/" not in span or "://" in span or PLACEHOLDER.search(span) or NOT_A_SOURCE_PATH.search(span):
        return False
    first = span.lstrip("./").split("/")[0]
    return first in roots


def main():
    roots = top_level() - {".git"}
    classes = source_names()
    problems = []
    for doc in tracked_markdown():
        text = doc.read_text(encoding="utf-8")
        in_fence = False
        for number, line in enumerate(text.splitlines(), 1):
            if line.lstrip().startswith("```"):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            where = f"{doc.relative_to(ROOT)}:{number}"
            for target in LINK.findall(CODE.sub("", line)):
                if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                    continue
                path = target.split("#")[0]
                if path and not (doc.parent / path).exists():
                    problems.append(f"{where}: link to {target}, which does not exist")
            for span in CODE.findall(line):
                span = span.strip()
                if looks_like_path(span, roots):
                    path = span.split(":")[0].rstrip(".,")
                    if not ((ROOT / path).exists() or (doc.parent / path).exists()):
                        problems.append(f"{where}: `{span}` names a path that does not exist")
                elif TEST_CLASS.match(span) and span not in classes:
                    problems.append(f"{where}: `{span}` names a test class that does not exist")
                elif PACKAGE.match(span) and not any(ROOT.glob("**/src/*/java/" + span.replace(".", "/"))):
                    problems.append(f"{where}: `{span}` names a package that does not exist")
    for problem in problems:
        print(problem)
    print(f"docs-check: {len(tracked_markdown())} documents, {len(problems)} dangling reference(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

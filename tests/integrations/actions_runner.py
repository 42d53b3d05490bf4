"""Just enough of a GitHub Actions runner to run the shell steps of action.yml and the
example workflow on this machine: ``${{ }}`` expressions over the contexts the files use,
``if:`` conditions, step ``env``, ``$GITHUB_OUTPUT`` and ``$GITHUB_STEP_SUMMARY``.

``uses:`` steps are not run; they are recorded with their evaluated ``with:`` so a test
can check what the upload actions would receive.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_TEMPLATE = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_TOKEN = re.compile(r"\s*(&&|\|\||==|!=|!|\(|\)|,|'(?:[^']|'')*'|[A-Za-z_][\w.-]*|\d+)")


@dataclass
class StepRun:
    name: str
    ran: bool
    uses: str | None = None
    with_: dict[str, str] = field(default_factory=dict)
    code: int = 0
    stdout: str = ""
    stderr: str = ""


@dataclass
class JobRun:
    steps: list[StepRun]
    outputs: dict[str, dict[str, str]]
    summary: str

    @property
    def failed(self) -> bool:
        return any(step.code != 0 for step in self.steps)

    def step(self, name: str) -> StepRun:
        return next(s for s in self.steps if s.name == name)


class Expressions:
    """Evaluates the expression language subset: paths, literals, ==, !=, !, &&, ||, calls."""

    def __init__(self, contexts: dict[str, Any], workspace: Path, failed: bool) -> None:
        self.contexts = contexts
        self.workspace = workspace
        self.failed = failed

    def template(self, text: str) -> str:
        return _TEMPLATE.sub(lambda m: _text(self.evaluate(m.group(1))), text)

    def condition(self, text: str | None) -> bool:
        if text is None:
            return not self.failed  # success()
        inner = _TEMPLATE.fullmatch(text.strip())
        return bool(self.evaluate(inner.group(1) if inner else text))

    def evaluate(self, expression: str) -> Any:
        tokens = [t for t in _TOKEN.findall(expression)]
        if "".join(tokens) != re.sub(r"\s+", "", expression):
            raise ValueError(f"unsupported expression: {expression!r}")
        value, rest = self._or(tokens)
        if rest:
            raise ValueError(f"unexpected {rest[0]!r} in {expression!r}")
        return value

    def _or(self, tokens: list[str]) -> tuple[Any, list[str]]:
        value, tokens = self._and(tokens)
        while tokens[:1] == ["||"]:
            right, tokens = self._and(tokens[1:])
            value = value or right
        return value, tokens

    def _and(self, tokens: list[str]) -> tuple[Any, list[str]]:
        value, tokens = self._compare(tokens)
        while tokens[:1] == ["&&"]:
            right, tokens = self._compare(tokens[1:])
            value = value and right
        return value, tokens

    def _compare(self, tokens: list[str]) -> tuple[Any, list[str]]:
        value, tokens = self._unary(tokens)
        while tokens[:1] in (["=="], ["!="]):
            operator = tokens[0]
            right, tokens = self._unary(tokens[1:])
            equal = _text(value).lower() == _text(right).lower()  # Actions compare loosely
            value = equal if operator == "==" else not equal
        return value, tokens

    def _unary(self, tokens: list[str]) -> tuple[Any, list[str]]:
        if tokens[0] == "!":
            value, rest = self._unary(tokens[1:])
            return not value, rest
        if tokens[0] == "(":
            value, rest = self._or(tokens[1:])
            return value, rest[1:]
        token, rest = tokens[0], tokens[1:]
        if token.startswith("'"):
            return token[1:-1].replace("''", "'"), rest
        if token.isdigit():
            return int(token), rest
        if token in ("true", "false"):
            return token == "true", rest
        if rest[:1] == ["("]:
            arguments, rest = [], rest[1:]
            while rest[0] != ")":
                argument, rest = self._or(rest)
                arguments.append(argument)
                rest = rest[1:] if rest[0] == "," else rest
            return self._call(token, arguments), rest[1:]
        return self._lookup(token), rest

    def _call(self, name: str, arguments: list[Any]) -> Any:
        if name == "always":
            return True
        if name == "success":
            return not self.failed
        if name == "failure":
            return self.failed
        if name == "hashFiles":
            files = sorted(f for pattern in arguments for f in self.workspace.glob(pattern))
            files = [f for f in files if f.is_file()]
            if not files:
                return ""
            return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
        raise ValueError(f"unsupported function {name}()")

    def _lookup(self, path: str) -> Any:
        value: Any = self.contexts
        for part in path.split("."):
            value = value.get(part, "") if isinstance(value, dict) else ""
        return value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def run_steps(
    steps: list[dict[str, Any]],
    *,
    workspace: Path,
    inputs: dict[str, str] | None = None,
    github: dict[str, str] | None = None,
    replace: dict[str, str] | None = None,
    default_shell: str = "bash -e {0}",
) -> JobRun:
    """Run ``steps`` in ``workspace``; ``replace`` maps step names to stand-in scripts."""
    temp = workspace.parent / "runner-temp"
    temp.mkdir(exist_ok=True)
    contexts: dict[str, Any] = {
        "inputs": dict(inputs or {}),
        "github": {"workspace": str(workspace), **(github or {})},
        "runner": {"temp": str(temp), "os": "Linux"},
        "steps": {},
    }
    summary_file = temp / "step-summary.md"
    summary_file.write_text("")
    runs: list[StepRun] = []
    for index, step in enumerate(steps):
        name = step.get("name") or step.get("uses") or f"step {index}"
        failed = any(r.code for r in runs)
        expressions = Expressions(contexts, workspace, failed)
        if not expressions.condition(step.get("if")):
            runs.append(StepRun(name, ran=False))
            continue
        if "uses" in step:
            with_ = {k: expressions.template(str(v)) for k, v in step.get("with", {}).items()}
            runs.append(StepRun(name, ran=True, uses=step["uses"], with_=with_))
            continue
        script = (replace or {}).get(name, expressions.template(step["run"]))
        env = {k: expressions.template(str(v)) for k, v in step.get("env", {}).items()}
        output_file = temp / f"output-{index}"
        output_file.write_text("")
        script_file = temp / f"step-{index}.sh"
        script_file.write_text(script)
        shell = _SHELLS.get(step.get("shell", ""), default_shell)
        done = subprocess.run(
            shell.format(script_file).split(),
            cwd=workspace,
            capture_output=True,
            text=True,
            timeout=300,
            env={
                **os.environ,
                **env,
                "GITHUB_OUTPUT": str(output_file),
                "GITHUB_STEP_SUMMARY": str(summary_file),
                "GITHUB_WORKSPACE": str(workspace),
            },
        )
        if "id" in step:
            contexts["steps"][step["id"]] = {"outputs": _outputs(output_file.read_text())}
        runs.append(
            StepRun(name, True, code=done.returncode, stdout=done.stdout, stderr=done.stderr)
        )
    outputs = {step_id: done["outputs"] for step_id, done in contexts["steps"].items()}
    return JobRun(runs, outputs, summary_file.read_text())


_SHELLS = {"bash": "bash --noprofile --norc -eo pipefail {0}"}


def _outputs(text: str) -> dict[str, str]:
    outputs: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and "=" not in line.split("<<")[0]:
            key, delimiter = line.split("<<", 1)
            body = []
            for inner in lines:
                if inner == delimiter:
                    break
                body.append(inner)
            outputs[key] = "\n".join(body)
        elif "=" in line:
            key, value = line.split("=", 1)
            outputs[key] = value
    return outputs

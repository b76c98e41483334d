"""The editor advice of docs/project-file.md, checked with the real YAML language server: a
project file that names the published schema is checked as readiness checks it.

The server (Red Hat's yaml-language-server, the engine of VS Code's YAML extension and of most
editors' YAML support) is driven over stdio as an editor drives it. It validates instances by
JSON Schema draft 7 rules; the published schema declares 2020-12 but uses only keywords both
read alike, which `test_the_schema_keeps_to_what_editors_apply` keeps true without the server.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from readiness.cli import app
from readiness.schemas import load_schema, schema_text

from .conftest import ROOT, SAMPLES


def _server() -> str | None:
    """The server .ci/run installs into .ci/node, or one on PATH."""
    local = ROOT / ".ci" / "node" / "node_modules" / ".bin" / "yaml-language-server"
    return str(local) if local.exists() else shutil.which("yaml-language-server")


SERVER = _server()
needs_server = pytest.mark.skipif(
    SERVER is None,
    reason="yaml-language-server is not installed: npm install --prefix .ci/node "
    "yaml-language-server@1.25.0 (as .ci/run does), or npm install -g yaml-language-server",
)
SCHEMA_COMMENT = "# yaml-language-server: $schema=./project.schema.json\n"
# A guard against a server that never answers, not a speed target.
HANG_GUARD = 60.0


class LanguageServer:
    """yaml-language-server over stdio: JSON-RPC messages framed by Content-Length headers."""

    def __init__(self, root: Path) -> None:
        assert SERVER is not None
        self.process = subprocess.Popen(
            [SERVER, "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
        )
        self.settings = {"yaml": {"validate": True, "schemaStore": {"enable": False}}}
        capabilities = {"workspace": {"configuration": True}}
        self.request(
            1,
            "initialize",
            {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": capabilities},
        )
        self.wait_for(lambda message: message.get("id") == 1)
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, number: int, method: str, params: dict[str, Any]) -> None:
        self._send({"id": number, "method": method, "params": params})

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def _read(self, deadline: float) -> dict[str, Any]:
        stream = self.process.stdout
        assert stream is not None

        def take(count: int) -> bytes:
            data = b""
            while len(data) < count:
                ready, _, _ = select.select([stream], [], [], max(0.0, deadline - time.monotonic()))
                chunk = stream.read(count - len(data)) if ready else b""
                if not chunk:
                    raise TimeoutError("the YAML language server stopped answering")
                data += chunk
            return data

        header = b""
        while not header.endswith(b"\r\n\r\n"):
            header += take(1)
        length = next(
            int(line.split(b":")[1]) for line in header.split(b"\r\n") if b"Content-Length" in line
        )
        message: dict[str, Any] = json.loads(take(length))
        return message

    def wait_for(self, wanted: Any) -> dict[str, Any]:
        """Read messages until one is `wanted`, answering the server's own requests."""
        deadline = time.monotonic() + HANG_GUARD
        while True:
            message = self._read(deadline)
            if "method" in message and "id" in message:
                result: Any = None
                if message["method"] == "workspace/configuration":
                    result = [
                        self.settings.get(item.get("section"))
                        for item in message["params"]["items"]
                    ]
                self._send({"id": message["id"], "result": result})
            elif wanted(message):
                return message

    def diagnostics(self, path: Path) -> list[tuple[int, str]]:
        """(1-based line, message) of each problem the server finds in a file, sorted."""
        uri = path.as_uri()
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                              "text": path.read_text(encoding="utf-8")}},
        )  # fmt: skip
        message = self.wait_for(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            )
        )
        found = message["params"]["diagnostics"]
        return sorted((d["range"]["start"]["line"] + 1, d["message"]) for d in found)

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


@pytest.fixture
def server(tmp_path: Path) -> Any:
    """A language server for files in tmp_path, with the published schema beside them."""
    (tmp_path / "project.schema.json").write_text(schema_text("project"), encoding="utf-8")
    running = LanguageServer(tmp_path)
    yield running
    running.close()


def _readiness_lines(path: Path) -> set[int]:
    result = CliRunner().invoke(app, ["validate", "-f", "json", str(path)])
    return {p["line"] for p in json.loads(result.stdout)["files"][0]["problems"]}


@needs_server
@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_a_valid_sample_has_no_problem_in_the_editor(
    sample: Path, server: LanguageServer, tmp_path: Path
) -> None:
    """Each sample, naming the schema as the README says, gets no diagnostic from the server."""
    path = tmp_path / sample.name
    path.write_text(SCHEMA_COMMENT + sample.read_text(encoding="utf-8"), encoding="utf-8")
    assert server.diagnostics(path) == []


BROKEN = """\
# yaml-language-server: $schema=./project.schema.json
readiness: 1
project: {id: press-b, name: Press line B}
system:
  - id: plc
systems:
  - id: plc
    kind: plcc
    can_stop: no
    age_years: 1_000
business_case:
  currency: GBP
  capex: 1.2e6
  horizon_years: five
baseline:
  period: {from: 2026-13-45, to: 2026-03-01}
x-notes: {anything: goes}
"""


@needs_server
def test_the_editor_and_readiness_find_the_same_lines_wrong(
    server: LanguageServer, tmp_path: Path
) -> None:
    """A broken file: the editor flags the lines readiness flags, and reads YAML as 1.2 does
    (`no` is text where true or false belongs, `1.2e6` is a number, `1_000` is text)."""
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    found = server.diagnostics(path)
    lines = {line for line, _ in found}
    assert lines == {4, 8, 9, 10, 14, 16}, found
    assert lines == _readiness_lines(path)
    assert any("boolean" in message for line, message in found if line == 9)


@needs_server
def test_a_file_from_init_has_no_problem_in_the_editor(
    server: LanguageServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`readiness init` writes the schema comment and the schema: the editor accepts both."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["init", "my.yaml", "--force"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "my.yaml").read_text(encoding="utf-8").startswith(SCHEMA_COMMENT)
    assert server.diagnostics(tmp_path / "my.yaml") == []


# What a draft-7 validator (the language server's) applies, and annotations it reads or ignores.
EDITOR_KEYWORDS = {
    "$schema", "$id", "$ref", "$defs", "$comment", "title", "description", "default",
    "examples", "type", "enum", "const", "properties", "patternProperties",
    "additionalProperties", "required", "items", "minItems", "maxItems", "uniqueItems",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength",
    "maxLength", "pattern", "format", "anyOf", "oneOf", "allOf", "not", "if", "then", "else",
    "minProperties", "maxProperties", "propertyNames", "contains", "dependencies",
}  # fmt: skip
_NAMED = {"properties", "patternProperties", "$defs"}


def _keywords(schema: Any, found: set[str]) -> set[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            found.add(key)
            if key in _NAMED and isinstance(value, dict):
                for subschema in value.values():
                    _keywords(subschema, found)
            elif key not in {"enum", "const", "default", "examples", "required"}:
                _keywords(value, found)
    elif isinstance(schema, list):
        for item in schema:
            _keywords(item, found)
    return found


def test_the_schema_keeps_to_what_editors_apply() -> None:
    """The project schema uses only keywords a draft-7 validator applies as 2020-12 does: a
    newer keyword (`unevaluatedProperties`, `dependentRequired`, `prefixItems`…) would be
    silently ignored in editors, and the schema would then need an editor variant."""
    assert _keywords(load_schema("project"), set()) <= EDITOR_KEYWORDS

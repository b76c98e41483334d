"""Shared test helpers: paths, and running the CLI the way a user does."""

from __future__ import annotations

import compileall
import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The annotated reference of the format, and the SARIF 2.1.0 schema vendored with its source and
# licence in tests/schemas/README.md: the repository needs nothing beside it.
FORMAT_REFERENCE = ROOT / "docs" / "format-v1.yaml"
SARIF_SCHEMA = Path(__file__).resolve().parent / "schemas" / "sarif-schema-2.1.0.json"

# Property tests without their own max_examples take it from a profile: Hypothesis's default of
# 100 examples wherever the README's test command runs, CI included, so that its time holds
# there too; `HYPOTHESIS_PROFILE=deep` (4,000) or `thorough` (40,000) searches further, for a
# scheduled or pre-release run (CONTRIBUTING.md). tests/test_properties_input.py runs a quarter
# of the profile's examples (each of its examples runs the CLI three times).
_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("dev", max_examples=100, deadline=None, suppress_health_check=_SLOW)
settings.register_profile("deep", max_examples=4000, deadline=None, suppress_health_check=_SLOW)
settings.register_profile(
    "thorough", max_examples=40_000, deadline=None, suppress_health_check=_SLOW
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "dev")


@pytest.fixture
def runner() -> CliRunner:
    """A Typer runner with stdout and stderr kept apart."""
    return CliRunner()


def pytest_configure(config: pytest.Config) -> None:
    """Write the package's bytecode before any test runs the CLI in a new process: where the
    environment sets PYTHONDONTWRITEBYTECODE (some CI images and shells do), every such process
    would otherwise compile readiness from source again, a quarter of a second each time.
    Files already compiled are skipped, so each xdist worker's call is cheap."""
    compileall.compile_dir(ROOT / "readiness", quiet=1)


# Seconds the slowest test files take under the README's command (`--durations=0`, coverage
# on, two workers, at the end of session 17). xdist hands a worker one whole file at a time
# (`--dist loadfile`), by default the files with the most tests first: the slowest files, which
# have few tests, came last, and one worker ran on alone for some forty seconds. Starting them
# first lets both workers finish together. A file not named here counts 0.02 s a test.
SLOW_FILES = {
    "test_bounded_work.py": 60,
    "test_output_identity.py": 55,
    "test_integrations.py": 40,
    "test_portfolio.py": 25,
    "test_fragments.py": 15,
    "test_slips.py": 13,
    "test_pack_properties.py": 13,
    "test_report_html.py": 12,
    "test_bench.py": 11,
    "test_action_e2e.py": 10,
    "test_ci_commands.py": 8,
    "test_hostile_input.py": 8,
    "test_facts.py": 7,
    "test_properties_input.py": 7,
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The slowest files first, each file's tests in their order (see `SLOW_FILES`)."""
    files = Counter(item.path.name for item in items)
    items.sort(key=lambda item: -SLOW_FILES.get(item.path.name, files[item.path.name] * 0.02))


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    """`pytest --update-golden` rewrites tests/golden/ from the current output."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files in tests/golden/ instead of comparing against them",
    )
    if not pluginmanager.has_plugin("xdist"):
        # An environment installed before pytest-xdist joined the test extras (or run with
        # `-p no:xdist`): the `-n auto --dist loadfile` of the pytest settings would stop pytest
        # with "unrecognized arguments"; accept them and run in one process instead.
        group = parser.getgroup("xdist", "distributed testing (pytest-xdist not installed)")
        group._addoption("-n", "--numprocesses", dest="numprocesses", default=None)
        group._addoption("--dist", dest="dist", default="no")
        group._addoption("--no-loadscope-reorder", action="store_true", dest="reorder_off")


def _coverage(item: pytest.Item) -> Any:
    """pytest-cov's controller when this test is marked `untraced` and coverage runs."""
    if item.get_closest_marker("untraced") is None:
        return None
    plugin = item.config.pluginmanager.getplugin("_cov")
    controller = getattr(plugin, "cov_controller", None)
    return controller if hasattr(controller, "pause") else None


@contextmanager
def _paused(item: pytest.Item) -> Iterator[None]:
    """Coverage paused for the test: pytest-cov's own, and any other measurement running under
    it. In an xdist worker coverage.py has also started itself (pytest-cov asks it to measure
    subprocesses, and the worker is one), and stopping pytest-cov's measurement alone handed the
    tracer back to that one: `untraced` tests ran traced, three times slower."""
    controller = _coverage(item)
    if controller is None:
        yield
        return
    import coverage

    controller.pause()
    others = []
    while (running := coverage.Coverage.current()) is not None:
        running.stop()
        others.append(running)
    try:
        yield
    finally:
        for running in reversed(others):
            running.start()
        controller.resume()


# `untraced` tests run, and their fixtures are made, with coverage paused: tests of scale whose
# code the rest of the suite covers on small inputs (CONTRIBUTING.md). Not pytest-cov's own
# `no_cover`: it pauses only the test's call, and 7.1 breaks on it under `--no-cov`.
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    with _paused(item):
        yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    with _paused(item):
        yield


GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Compare text with tests/golden/<name>, or rewrite it under --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        assert path.exists(), f"no golden file {path}; run pytest --update-golden and review it"
        assert text == path.read_text(encoding="utf-8"), (
            f"{name} differs from its golden file; if the change is intended, run "
            "pytest --update-golden and review the diff"
        )

    return check

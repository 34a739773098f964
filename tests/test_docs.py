"""Docs check themselves: every command, setting and rejection reason is documented."""

from __future__ import annotations

from pathlib import Path

import typer

from frontlines.cli import app
from frontlines.errors import REASONS
from frontlines.settings import SETTINGS

README = " ".join(
    (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split()
)


def _commands() -> dict[str, object]:
    group = typer.main.get_command(app)
    return dict(group.commands)  # type: ignore[attr-defined]


def test_every_command_has_help_and_a_readme_entry() -> None:
    commands = _commands()
    assert {"ingest", "articles", "stories", "rejections", "demo"} <= set(commands)
    for name, command in commands.items():
        assert (command.help or "").strip(), f"{name} has no help text"  # type: ignore[attr-defined]
        assert f"`frontlines {name}" in README, f"README has no entry for `frontlines {name}`"


def test_every_option_has_help() -> None:
    for name, command in _commands().items():
        for param in command.params:  # type: ignore[attr-defined]
            assert (
                getattr(param, "help", None) or param.param_type_name == "argument" and param.help
            ), f"{name} {param.name} has no help"


def test_every_setting_is_in_the_readme() -> None:
    for setting in SETTINGS:
        assert f"| `{setting.name}` | {_shown(setting.default)} |" in README, (
            f"setting {setting.name} (default {setting.default}) missing from README or wrong there"
        )


def _shown(value: object) -> str:
    return f"`{value}`" if isinstance(value, str) else str(value)


def test_every_rejection_reason_is_in_the_readme() -> None:
    for reason in REASONS.values():
        assert f"`{reason.name}` ({reason.code})" in README, (
            f"reason {reason.name} missing from README"
        )

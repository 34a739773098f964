"""Command groups for every frontlines command: typer's, with help that shows no type tags."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandFunctionType


def _without_type_tags(params: list[Any]) -> list[Any]:
    """Drop typer's type tags (<str>, <list[str]>, <bool>) from help, keeping a list of choices
    (<table|json|jsonl|csv>): every help text says in words what its parameter takes."""
    for param in params:
        tag = getattr(param, "display_type_rich", None)  # where typer's help panels read the tag
        if tag is not None and "display_type_rich" not in vars(param):
            param.display_type_rich = partial(_choices_only, tag)
    return params


def _choices_only(tag: Callable[[Any], str | None], ctx: Any) -> str | None:
    shown = tag(ctx)
    return shown if shown and "|" in shown else None


class HelpCommand(TyperCommand):
    """A command whose help shows no type tags."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _without_type_tags(super().get_params(ctx))


class HelpGroup(TyperGroup):
    """A command group whose help shows no type tags."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _without_type_tags(super().get_params(ctx))


class CommandGroup(typer.Typer):
    """``typer.Typer`` for every frontlines command group: help without type tags."""

    def __init__(self, *, cls: type[TyperGroup] = HelpGroup, **kwargs: Any) -> None:
        super().__init__(cls=cls, **kwargs)

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        return super().command(name, cls=cls or HelpCommand, **kwargs)

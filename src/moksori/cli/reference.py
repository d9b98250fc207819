"""The command-line reference in Markdown, generated from the commands themselves (docs/admin/cli.md)."""

from __future__ import annotations

from typing import Any

import typer.main

from moksori.cli.main import app


def all_commands() -> list[tuple[str, Any]]:
    """Every command as (full name, command), groups included, in a stable order."""
    root = typer.main.get_command(app)
    found: list[tuple[str, Any]] = []

    def walk(prefix: str, command: Any) -> None:
        # Typer carries its own copy of click, so groups are told apart by what they hold.
        if hasattr(command, "commands"):
            for name in sorted(command.commands):
                walk(f"{prefix} {name}".strip(), command.commands[name])
        else:
            found.append((prefix, command))

    walk("", root)
    return found


def markdown() -> str:
    lines = [
        "# Command-line reference",
        "",
        "Generated from the code by `python -m moksori.cli.reference > docs/admin/cli.md`;",
        "a test fails when this page and the commands differ.",
        "",
    ]
    for name, command in all_commands():
        lines += [f"## `moksori {name}`", "", (command.help or "").strip(), ""]
        options = [p for p in command.params if p.param_type_name == "option" and p.name != "help"]
        arguments = [p for p in command.params if p.param_type_name == "argument"]
        if arguments or options:
            lines += ["| argument or option | meaning |", "|---|---|"]
        for argument in arguments:
            lines.append(f"| `{str(argument.name).upper()}` | {_help(argument)} |")
        for option in options:
            flags = " / ".join(f"`{flag}`" for flag in [*option.opts, *option.secondary_opts])
            lines.append(f"| {flags} | {_help(option)} |")
        lines.append("")
    return "\n".join(lines)


def _help(parameter: Any) -> str:
    text = str(getattr(parameter, "help", "") or "").replace("|", "\\|")
    default = parameter.default
    if default not in (None, "", False, [], ()) and not callable(default):
        text += f" Default: `{default}`."
    return text.strip()


if __name__ == "__main__":
    print(markdown())

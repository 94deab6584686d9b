"""The `monotown` command line: thin Typer commands over the package's capabilities."""

from __future__ import annotations

from monotown.cli.app import app, main

__all__ = ["app", "main"]

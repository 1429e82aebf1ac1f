"""Read-only open-data routes (placeholder until the routes are written)."""

from __future__ import annotations


def routes(secret: str) -> list:
    return []

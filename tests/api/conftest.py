"""API fixtures: the registry's person and case of organisation A, tokens, and JSON helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from tests.cases.conftest import case_a, person_a

from palermo.accounts.models import User
from palermo.api import tokens

__all__ = ["case_a", "person_a"]


@pytest.fixture
def token_for(db: None) -> Callable[..., str]:
    """A raw API token for ``user`` (issued the way ``palermo api-token create`` does)."""

    def make(user: User, name: str = "test", days: int | None = None) -> str:
        return tokens.create_token(user=user, name=name, days=days).raw

    return make


@pytest.fixture
def bearer(token_for: Callable[..., str]) -> Callable[[User], Client]:
    """A client sending ``Authorization: Bearer <token>`` for ``user`` (no session cookie)."""

    def make(user: User) -> Client:
        return Client(headers={"Authorization": f"Bearer {token_for(user)}"})

    return make


def send(client: Client, method: str, url: str, body: Any = None) -> Any:
    """A JSON request with any method."""
    return getattr(client, method.lower())(url, data=body, content_type="application/json")

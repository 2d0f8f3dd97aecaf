"""Shared fixtures: the parsed OpenAPI documents."""

from typing import Any

import pytest
import yaml

from contactkit.resources import spec_file


@pytest.fixture(scope="session")
def gomobile_spec() -> dict[str, Any]:
    """The parsed `openapi/gomobile.yaml` (shared: tests must not mutate it)."""
    with spec_file("gomobile.yaml").open(encoding="utf-8") as stream:
        document = yaml.safe_load(stream)
    assert isinstance(document, dict), "gomobile.yaml is not a YAML mapping"
    return document

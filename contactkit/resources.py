"""Where the OpenAPI documents and fixtures are, in a checkout or in an installed wheel.

In a checkout they live at the top of the repository (`openapi/`, `fixtures/`), where people
read and edit them; a built wheel carries them inside this package (see pyproject.toml).
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    shipped = _PACKAGE / name
    return shipped if shipped.is_dir() else _PACKAGE.parent / name


def spec_file(name: str) -> Path:
    """Return the path of the OpenAPI document `name` (for example ``gomobile.yaml``)."""
    return _data_dir("openapi") / name


def fixture_file(name: str) -> Path:
    """Return the path of the fixture file `name` (for example ``organizations.yaml``)."""
    return _data_dir("fixtures") / name

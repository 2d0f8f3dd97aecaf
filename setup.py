"""The package list, discovered: pyproject.toml cannot join found packages with mapped ones."""

from setuptools import find_packages, setup

# The data packages are folders mapped in pyproject.toml's package-dir (they have no
# __init__.py to be found by); everything else is found, so a new subpackage always ships.
DATA_PACKAGES = ["contactkit.openapi", "contactkit.fixtures"]

setup(
    packages=[*find_packages(include=["contactkit*", "mockserver*", "contracts*"]), *DATA_PACKAGES]
)

"""Faults of the mock, each one realistic deviation from the contract, to test the suite with.

Test code only: `catalogue` patches the mock in-process (pytest.MonkeyPatch); nothing here
ships in the wheel or edits the mock's source.
"""

"""Learner identifiers: the ULN's check digit (no library checks it), UPNs through python-stdnum."""

from __future__ import annotations

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.gb import upn as upn_number


def uln_is_valid(value: str) -> bool:
    """Whether a ULN is 10 digits, not starting with 0, whose weighted sum mod 11 is 10.

    The Learning Records Service weights the digits 10 down to 1; a sum leaving 10 is the only
    valid remainder (so a check digit would have to be 10 for some bodies: those are never issued).
    """
    if len(value) != 10 or not value.isdigit() or value[0] == "0":
        return False
    return sum(int(digit) * (10 - i) for i, digit in enumerate(value)) % 11 == 10


def upn_clean(value: str) -> str | None:
    """The UPN in capitals without spaces when its check letter and LA code hold, else None."""
    try:
        return upn_number.validate(value)
    except StdnumError:
        return None

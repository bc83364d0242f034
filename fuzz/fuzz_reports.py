"""atheris harness for the reporters: a hostile file name and message in every output format.

The first bytes are a file name as the file system gives it (undecodable bytes become lone
surrogates), the rest a message; wikilint.testing.check_reports_are_safe fails if any report
is not valid UTF-8, holds a raw control, C1, bidi or line-separator character, has a line a
CI runner reads as a command, or does not parse.
"""

from __future__ import annotations

import os
import sys

import atheris

with atheris.instrument_imports(include=["wikilint"]):
    from wikilint.testing import check_reports_are_safe


def check(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    path = os.fsdecode(provider.ConsumeBytes(provider.ConsumeIntInRange(0, 64)))
    check_reports_are_safe(path, provider.ConsumeUnicode(provider.remaining_bytes()))


if __name__ == "__main__":
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()

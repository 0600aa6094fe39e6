"""Running the ``palermo`` console script inside a test."""

from __future__ import annotations

import pytest
from django.db import connections

from palermo.__main__ import main


def console(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the console script in-process; return its exit code, stdout and stderr.

    A command run from the command line closes every database connection when it ends, which
    would end the test's transaction; that one step is skipped here.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(connections, "close_all", lambda: None)
        try:
            main(["palermo", *argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        else:
            code = 0
    captured = capsys.readouterr()
    return code, captured.out, captured.err

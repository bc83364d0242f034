"""Fixes that never clobber (issue 13, items 5-7): what --fix may write, and how.

A file the user may not write, one that changed while it was fixed and a symlink out of the
linted folders are WL007 findings, not writes; a write keeps owner, group, mode and links.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikilint.cli import main
from wikilint.linter.config import Settings
from wikilint.linter.pipeline import Run

from .privileges import DIRTY, FIXED, NOBODY, article, as_root, findings, wikilint


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder every user may enter (pytest's own temporary folders are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="wikilint-writes-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- item 5: a file the user may not write is a finding; owner, group, mode and links stay --------


def test_an_unprivileged_fix_leaves_what_the_user_may_not_write_and_goes_on(shared: Path) -> None:
    as_root()
    tree = shared / "articles"
    tree.mkdir(mode=0o777)
    tree.chmod(0o777)  # the folder is writable: a rename there would replace anything in it
    read_only = article(tree / "a-read-only.md", mode=0o444, owner=NOBODY, group=NOBODY)
    roots = article(tree / "b-roots.md", mode=0o644)
    locked = tree / "c-locked"
    in_locked = article(locked / "article.md", mode=0o644)
    open_in_locked = article(locked / "open.md", mode=0o666)
    locked.chmod(0o755)  # nobody may write neither this folder nor article.md in it, but open.md
    mine = article(tree / "d-mine.md", owner=NOBODY, group=NOBODY)

    result = wikilint(["--fix", "-f", "json", str(tree)], cwd=shared, uid=NOBODY)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert mine.read_text(encoding="utf-8") == FIXED  # the file after the failures was still fixed
    assert open_in_locked.read_text(encoding="utf-8") == FIXED  # in place: the folder is not writable
    assert open_in_locked.stat().st_uid == 0
    for path, owner, mode in ((read_only, NOBODY, 0o444), (roots, 0, 0o644), (in_locked, 0, 0o644)):
        status = path.stat()
        assert path.read_text(encoding="utf-8") == DIRTY, path
        assert (status.st_uid, stat.S_IMODE(status.st_mode)) == (owner, mode), path
    reported = findings(result.stdout)
    for name in ("a-read-only.md", "b-roots.md", "article.md"):
        assert (name, "WL007") in reported and (name, "TPL001") in reported  # as if no fix had been made
    assert ("d-mine.md", "TPL001") not in reported
    assert "Fixed 2 findings in 2 files." in result.stderr


def test_a_group_member_fixes_another_users_file_in_place_and_it_stays_theirs(shared: Path) -> None:
    as_root()
    folder = shared / "team"
    folder.mkdir()
    folder.chmod(0o777)
    theirs = article(folder / "a.md", mode=0o664, owner=0, group=4321)

    result = wikilint(["--fix", str(theirs)], cwd=shared, uid=NOBODY, groups=[4321])

    assert result.returncode == 0, result.stdout + result.stderr
    status = theirs.stat()
    assert theirs.read_text(encoding="utf-8") == FIXED
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (0, 4321, 0o664)


def test_root_keeps_the_owner_group_and_mode_and_never_keeps_setuid_or_setgid(shared: Path) -> None:
    as_root()
    users = article(shared / "users.md", mode=0o2664, owner=NOBODY, group=NOBODY)
    private = article(shared / "private.md", mode=0o4640, owner=NOBODY, group=0)

    result = wikilint(["--fix", str(users), str(private)], cwd=shared)

    assert result.returncode == 0, result.stdout + result.stderr
    for path, owner, group, mode in ((users, NOBODY, NOBODY, 0o664), (private, NOBODY, 0, 0o640)):
        status = path.stat()
        assert path.read_text(encoding="utf-8") == FIXED
        assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (owner, group, mode), path


def test_a_read_only_file_is_left_even_by_root(tmp_path: Path) -> None:
    as_root()
    protected = article(tmp_path / "a.md", mode=0o444)
    result = CliRunner().invoke(main, ["--fix", "-f", "json", str(protected)])
    assert protected.read_text(encoding="utf-8") == DIRTY
    assert findings(result.stdout) == [("a.md", "WL007"), ("a.md", "TPL001")]
    assert "read-only" in json.loads(result.stdout)["findings"][0]["message"]


def test_hard_links_keep_sharing_the_fixed_content(tmp_path: Path) -> None:
    one = article(tmp_path / "one.md")
    two = tmp_path / "elsewhere" / "two.txt"
    two.parent.mkdir()
    os.link(one, two)
    inode = one.stat().st_ino

    result = CliRunner().invoke(main, ["--fix", str(one)])

    assert result.exit_code == 0, result.output
    assert one.stat().st_ino == two.stat().st_ino == inode and one.stat().st_nlink == 2
    assert two.read_text(encoding="utf-8") == FIXED


def test_a_longer_fix_in_place_is_whole(tmp_path: Path) -> None:
    """In place the file may grow (an unsafe fix lengthens nothing today, so the writer is called directly)."""
    from wikilint.linter.atomic import replace_file

    target = article(tmp_path / "a.md", "short\n")
    os.link(target, tmp_path / "b.md")
    replace_file(target, b"much longer text\n" * 100, target.stat(), lambda handle: None)
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == "much longer text\n" * 100
    replace_file(target, b"x\n", target.stat(), lambda handle: None)
    assert (tmp_path / "b.md").read_bytes() == b"x\n"


# --- item 6: symbolic links ------------------------------------------------------------------


def test_a_link_out_of_the_linted_folder_is_neither_shown_nor_written(tmp_path: Path) -> None:
    secret = article(tmp_path / "outside" / "secret.md", "SECRET " + DIRTY)
    tree = tmp_path / "articles"
    tree.mkdir()
    link = tree / "link.md"
    link.symlink_to(Path("..") / "outside" / "secret.md")
    named = tmp_path / "named.md"  # named on the command line, its folder is the tree
    named.symlink_to(Path("outside") / "secret.md")
    (tmp_path / "subfolder").mkdir()
    deeper = tmp_path / "subfolder" / "named.md"
    deeper.symlink_to(Path("..") / "outside" / "secret.md")

    for target, name in ((tree, "link.md"), (deeper, "named.md")):
        diff = CliRunner().invoke(main, ["--diff", str(target)])
        assert "SECRET" not in diff.output
        fix = CliRunner().invoke(main, ["--fix", "-f", "json", str(target)])
        assert "SECRET" not in fix.output
        assert findings(fix.stdout) == [(name, "WL007")]
        assert "outside the linted folders" in fix.stdout
    assert secret.read_text(encoding="utf-8") == "SECRET " + DIRTY
    assert link.is_symlink() and deeper.is_symlink()
    within = CliRunner().invoke(main, ["--fix", str(named)])  # the target lies under the named file's folder
    assert within.exit_code == 0 and named.is_symlink()
    assert secret.read_text(encoding="utf-8") == "SECRET " + FIXED


def test_a_link_inside_the_tree_is_fixed_through_and_stays_a_link(tmp_path: Path) -> None:
    target = article(tmp_path / "pages" / "real.md", mode=0o640)
    link = tmp_path / "pages" / "alias.md"
    link.symlink_to("real.md")

    result = CliRunner().invoke(main, ["--fix", str(link)])

    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == "real.md"
    assert target.read_text(encoding="utf-8") == FIXED and stat.S_IMODE(target.stat().st_mode) == 0o640


# --- item 7: an edit made while --fix runs is kept --------------------------------------------


@pytest.mark.parametrize("edit", ["append", "same size and time", "touch"])
def test_a_file_edited_while_it_is_fixed_is_not_written(tmp_path: Path, edit: str) -> None:
    path = article(tmp_path / "a.md")
    run = Run([str(path)], Settings())
    [outcome] = run.fix()
    assert outcome.changed
    before = path.stat()
    if edit == "append":
        path.write_text(DIRTY + "an edit\n", encoding="utf-8")
    elif edit == "same size and time":  # only the hash tells
        path.write_text(DIRTY.replace("平壤", "北京"), encoding="utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert path.stat().st_size == before.st_size
    else:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    edited = path.read_bytes()

    assert run.write(outcome) is False

    assert path.read_bytes() == edited
    assert not outcome.changed and outcome.fixed == 0
    codes = [finding.code for finding in outcome.result.findings]
    assert codes == ["WL007", "TPL001"]
    assert "changed while it was being fixed" in outcome.result.findings[0].message


def test_an_unchanged_file_is_written(tmp_path: Path) -> None:
    path = article(tmp_path / "a.md")
    run = Run([str(path)], Settings())
    [outcome] = run.fix()
    assert run.write(outcome) is True
    assert path.read_text(encoding="utf-8") == FIXED

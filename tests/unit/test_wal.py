"""Several processes open one workspace at once (the UI, a CLI command, a scheduled sync)."""

import sqlite3
import threading

from ingest.wal import use_wal


def test_a_journal_mode_switch_refused_as_locked_is_retried_until_the_holder_lets_go(tmp_path):
    path = tmp_path / "old.sqlite"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO t VALUES (1)")
    threading.Timer(0.3, lambda: holder.execute("COMMIT")).start()

    # A connection that will not wait itself: SQLite refuses the switch at once, as it does
    # when two openers of one old workspace deadlock.
    opener = sqlite3.connect(path, timeout=0.01)
    use_wal(opener, patience=10)

    assert opener.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert opener.execute("SELECT x FROM t").fetchall() == [(1,)]


def test_a_lock_that_outlasts_the_patience_is_one_clear_error(tmp_path):
    path = tmp_path / "old.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    opener = sqlite3.connect(path, timeout=0.01)
    try:
        use_wal(opener, patience=0.2)
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
    else:
        raise AssertionError("a held lock should surface as 'database is locked'")
    finally:
        holder.execute("ROLLBACK")

"""A job's pieces shared by every worker of the queue (procurement.sharing): the board lives in the queue's own
storage, so any worker on the same Redis, on any machine, can help with any job.

Keys of one round (one `share` call) sit under `<job>:<round>`: the pickled pieces, a claim per piece and a
result per piece; `<job>:open` names the round still open, so that the worker that supervises the job can clean
up after a poster that was killed. Each posted piece is announced by one queue task, which the first free worker
takes: it claims that piece, if nobody has, and does it in a helper process of its own that is killed as soon as
the job no longer needs the piece.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue
import uuid
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from huey.constants import EmptyData

from procurement.sharing import do_piece

if TYPE_CHECKING:
    from api.jobs import JobQueue

log = logging.getLogger("procurement.sharing")
SPAWN = multiprocessing.get_context("spawn")


class QueueBoard:
    """The board of one job on the queue's storage (procurement.sharing.Board). It travels to the job's child
    process as its settings and names; the child opens the queue again."""

    def __init__(self, queue: JobQueue, job: str) -> None:
        self.queue, self.job, self.worker = queue, job, queue.worker
        self.round = ""
        self.done_by: dict[str, int] = {}  # pieces each worker did, over every round of this process

    def __getstate__(self) -> dict[str, Any]:
        return {"settings": self.queue.settings, "job": self.job, "worker": self.worker}

    def __setstate__(self, state: dict[str, Any]) -> None:
        from api.jobs import JobQueue

        self.queue, self.job, self.worker = JobQueue(state["settings"]), state["job"], state["worker"]
        self.round, self.done_by = "", {}

    @property
    def storage(self) -> Any:
        return self.queue.huey.storage

    def post(self, pieces: list[bytes]) -> None:
        self.round = f"{self.job}:{uuid.uuid4().hex}"
        self.storage.put_data(f"{self.job}:open", f"{self.round} {len(pieces)}".encode())
        for piece, payload in enumerate(pieces):
            self.storage.put_data(_key(self.round, "piece", piece), payload)
        for piece in range(len(pieces)):
            self.queue.ask_help(self.round, piece)

    def claim(self, piece: int) -> bool:
        return bool(self.storage.put_if_empty(_key(self.round, "claim", piece), self.worker.encode()))

    def results(self, pieces: list[int]) -> dict[int, bytes]:
        keys = {_key(self.round, "result", piece): piece for piece in pieces}
        found = self.storage.peek_many(list(keys))
        return {keys[_text(key)]: value for key, value in found.items()}

    def close(self, done_by: dict[str, int] | None = None) -> None:
        """Remove the open round of this job, whoever posted it (a killed child leaves its round behind), and
        count who did its pieces."""
        for worker, pieces in (done_by or {}).items():
            self.done_by[worker] = self.done_by.get(worker, 0) + pieces
        opened = self.storage.peek_data(f"{self.job}:open")
        if opened is EmptyData:
            return
        round_, count = _text(opened).split(" ")
        for piece in range(int(count)):
            for kind in ("piece", "claim", "result"):
                self.storage.delete_data(_key(round_, kind, piece))
        self.storage.delete_data(f"{self.job}:open")


def help_with(queue: JobQueue, round_: str, piece: int, helper: Helper) -> None:
    """Claim piece `piece` of round `round_`, if it is still wanted and nobody has, and do it with `helper`."""
    storage = queue.huey.storage
    wanted_key = _key(round_, "piece", piece)
    payload = storage.peek_data(wanted_key)
    if payload is EmptyData or not storage.put_if_empty(_key(round_, "claim", piece), queue.worker.encode()):
        return
    log.info("helping with piece %d of %s", piece, round_)
    result = helper.run(payload, queue.worker, lambda: bool(storage.has_data_for_key(wanted_key)))
    if result is None:
        return
    storage.put_data(_key(round_, "result", piece), result)
    if not storage.has_data_for_key(wanted_key):  # the round closed meanwhile: leave nothing behind
        storage.delete_data(_key(round_, "result", piece))


class Helper:
    """A spawned process that does pieces one at a time for one worker thread, started on the first piece and
    again after it was killed (because its piece was no longer wanted, or the worker dies)."""

    def __init__(self, every_s: float) -> None:
        self.every_s = every_s
        self.process: Any = None
        self.channel: Connection | None = None

    def run(self, payload: bytes, worker: str, wanted: Callable[[], bool]) -> bytes | None:
        """The piece's result as do_piece pickles it; None if it was killed or failed (the poster does it)."""
        channel = self.start()
        channel.send((payload, worker))
        while not channel.poll(self.every_s):
            if not wanted() or not self.process.is_alive():
                self.stop()
                return None
        try:
            kind, value = channel.recv()
        except EOFError:
            self.stop()
            return None
        if kind == "error":
            log.warning("a shared piece failed here (its job does it itself): %s", value)
            return None
        return bytes(value)

    def start(self) -> Connection:
        """The channel to the helper process, started now if it is not running."""
        if self.process is None or not self.process.is_alive() or self.channel is None:
            self.stop()
            self.channel, theirs = SPAWN.Pipe()
            self.process = SPAWN.Process(target=_serve_pieces, args=(theirs, os.getpid()), daemon=False)
            self.process.start()
            theirs.close()
        return self.channel

    def stop(self) -> None:
        from api.jobs import kill_group

        if self.process is not None:
            kill_group(self.process)
        if self.channel is not None:
            self.channel.close()
        self.process = self.channel = None


class Helpers:
    """A worker's helper processes, one per piece it does at a time: started beside the worker (so that helping
    begins without waiting for a process to import the solver), or on the first piece."""

    def __init__(self, every_s: float) -> None:
        self.every_s = every_s
        self.idle: queue.SimpleQueue[Helper] = queue.SimpleQueue()

    def start(self, count: int) -> None:
        for _ in range(count):
            helper = Helper(self.every_s)
            helper.start()
            self.idle.put(helper)

    @contextlib.contextmanager
    def borrow(self) -> Iterator[Helper]:
        try:
            helper = self.idle.get_nowait()
        except queue.Empty:
            helper = Helper(self.every_s)
        try:
            yield helper
        finally:
            self.idle.put(helper)


def _serve_pieces(channel: Connection, parent_pid: int) -> None:
    """The helper process: pieces in, results out, until the worker that started it is gone."""
    from api.solver_child import start_child

    start_child(parent_pid)
    import procurement.pipeline  # noqa: F401  (the solver, imported before the first piece arrives)

    while True:
        try:
            payload, worker = channel.recv()
        except EOFError:
            return
        try:
            channel.send(("result", do_piece(payload, worker)))
        except Exception as error:  # the poster does the piece itself; the helper stays for the next one
            channel.send(("error", f"{type(error).__name__}: {error}"))


def _key(round_: str, kind: str, piece: int) -> str:
    return f"{round_}:{kind}:{piece}"


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value

"""Independent pieces of one job (the groups of an award model, the variants of a comparison) shared with other
processes, on this machine or others, through a board.

Every piece is posted to the board; whoever claims a piece first does it. The poster claims and does pieces in
the order given while helpers take the others; once nothing is left to claim, the poster also does the pieces
helpers still hold (oldest claim first), so a helper that died or stalled never holds the job up: the first
result of a piece is the one kept. Without a board every piece is done here.

A piece is a picklable top-level function and its arguments; a helper runs `do_piece` on it. The board is the
service's business (api.sharing); this module only needs the `Board` protocol.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import queue
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol

POLL_S = 0.2  # how often the poster looks for helpers' results while it waits
# pieces queued per worker process: a worker takes its next piece at once instead of waiting for this process to
# hear of its last one (pieces of a few milliseconds, as the explanation's copies, left the workers idle 40 % of
# the time with one each)
QUEUED_PER_WORKER = 4

Piece = tuple[Callable[..., Any], tuple[Any, ...]]


class Board(Protocol):
    """Where the pieces of one job are posted, claimed and their results left."""

    worker: str  # the poster's name, e.g. host:pid

    def post(self, pieces: list[bytes]) -> None:
        """Store the pickled pieces and tell helpers there are some to claim."""

    def claim(self, piece: int) -> bool:
        """True for the first caller only, whoever it is."""

    def results(self, pieces: list[int]) -> dict[int, bytes]:
        """Results helpers left for any of `pieces`, as `do_piece` pickled them."""

    def close(self, done_by: dict[str, int]) -> None:
        """Remove the pieces and their results (helpers that come later find nothing to do); `done_by` counts the
        pieces each worker did."""


_BOARD: ContextVar[Board | None] = ContextVar("board", default=None)


@contextlib.contextmanager
def shared_through(board: Board | None) -> Iterator[None]:
    """Share the pieces of every job started inside the block through `board` (None: do them all here)."""
    token = _BOARD.set(board)
    try:
        yield
    finally:
        _BOARD.reset(token)


def current_board() -> Board | None:
    return _BOARD.get()


def do_piece(payload: bytes, worker: str) -> bytes:
    """What a helper does with a claimed piece: its result, pickled with the helper's name."""
    function, arguments = pickle.loads(payload)
    return pickle.dumps((worker, function(*arguments)), protocol=pickle.HIGHEST_PROTOCOL)


@dataclass
class Shared:
    """The result of each piece and who did it (the poster's name for its own pieces)."""

    results: dict[int, Any] = field(default_factory=dict)
    done_by: dict[int, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Pieces done per worker, most first."""
        counts: dict[str, int] = {}
        for worker in self.done_by.values():
            counts[worker] = counts.get(worker, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: -item[1]))


class _Here(Protocol):
    """Where the poster does its own pieces: a pool of processes or this process."""

    def free(self) -> bool: ...
    def start(self, piece: int) -> None: ...
    def finished(self, wait_s: float) -> list[tuple[int, Any]]: ...


class _Inline:
    """One piece at a time in this process, done when started (so there is never anything to wait for)."""

    def __init__(self, pieces: list[Piece]) -> None:
        self.pieces = pieces
        self.done: list[tuple[int, Any]] = []

    def free(self) -> bool:
        return not self.done

    def start(self, piece: int) -> None:
        function, arguments = self.pieces[piece]
        self.done.append((piece, function(*arguments)))

    def finished(self, wait_s: float) -> list[tuple[int, Any]]:
        done, self.done = self.done, []
        return done


class _Pool:
    """Up to `workers` pieces at once in forked processes, a few more queued for each; pieces still running or
    queued when the job is done are killed with the pool."""

    def __init__(self, pieces: list[Piece], workers: int, initializer: Callable[[], None] | None) -> None:
        self.pieces, self.workers, self.running = pieces, workers, 0
        self.done: queue.Queue[tuple[int, Any, BaseException | None]] = queue.Queue()
        self.pool = multiprocessing.get_context("fork").Pool(workers, initializer=initializer)

    def free(self) -> bool:
        return self.running < self.workers * QUEUED_PER_WORKER

    def start(self, piece: int) -> None:
        self.running += 1
        function, arguments = self.pieces[piece]
        self.pool.apply_async(
            function,
            arguments,
            callback=lambda result: self.done.put((piece, result, None)),
            error_callback=lambda error: self.done.put((piece, None, error)),
        )

    def finished(self, wait_s: float) -> list[tuple[int, Any]]:
        done = []
        try:
            item = self.done.get(timeout=wait_s)
            while True:
                piece, result, error = item
                self.running -= 1
                if error is not None:
                    raise error
                done.append((piece, result))
                item = self.done.get_nowait()
        except queue.Empty:
            return done

    def close(self) -> None:
        self.pool.terminate()
        self.pool.join()


def share(
    pieces: list[Piece],
    board: Board | None,
    workers: int = 1,
    initializer: Callable[[], None] | None = None,
    on_done: Callable[[int], None] | None = None,
    posted: Callable[[], list[Piece]] | None = None,
) -> Shared:
    """Every piece done, here or by a helper on `board`, in the order given: here in this process, or with
    `workers` > 1 in as many forked processes (started with `initializer`). Helpers get `posted()` when given: the
    same pieces self-contained, where `pieces` may read what this process and its forks hold. `on_done(piece)`
    follows each piece's first result."""
    shared = Shared()
    name = board.worker if board is not None else ""
    if board is not None:
        given = posted() if posted else pieces
        board.post([pickle.dumps(piece, protocol=pickle.HIGHEST_PROTOCOL) for piece in given])
    here: _Here = _Pool(pieces, workers, initializer) if workers > 1 else _Inline(pieces)
    try:
        with shared_through(None):  # a piece done here shares nothing itself (a large variant's blocks): one round
            _share(len(pieces), board, here, name, shared, on_done)
    finally:
        if isinstance(here, _Pool):
            here.close()
        if board is not None:
            board.close(shared.counts())
    return shared


def _share(
    count: int, board: Board | None, here: _Here, name: str, shared: Shared, on_done: Callable[[int], None] | None
) -> None:
    unclaimed, held, started = list(range(count)), [], set()

    def keep(piece: int, result: Any, worker: str) -> None:
        if piece not in shared.results:
            shared.results[piece], shared.done_by[piece] = result, worker
            if on_done is not None:
                on_done(piece)

    while len(shared.results) < count:
        while here.free() and unclaimed:
            piece = unclaimed.pop(0)
            if board is None or board.claim(piece):
                here.start(piece)
                started.add(piece)
            else:
                held.append(piece)
        backups = [piece for piece in held if piece not in shared.results and piece not in started]
        while here.free() and not unclaimed and backups:
            piece = backups.pop(0)
            here.start(piece)
            started.add(piece)
        for piece, result in here.finished(POLL_S if board is not None else 3600.0):
            keep(piece, result, name)
        waiting = [piece for piece in held if piece not in shared.results]
        if board is not None and waiting:
            for piece, payload in board.results(waiting).items():
                worker, result = pickle.loads(payload)
                keep(piece, result, worker)

"""The board of a job on Redis (api.sharing): pieces claimed once, a helper that claimed a piece and died does not
hold the job up, and nothing is left in Redis once the job is done."""

from __future__ import annotations

import operator

from api.jobs import JobQueue
from api.settings import Settings
from api.sharing import QueueBoard, help_with
from procurement.sharing import current_board, share, shared_through

PIECES = [(operator.mul, (k, k)) for k in range(6)]


def sees_a_board(_: int) -> bool:
    return current_board() is not None


def test_a_piece_claimed_by_a_helper_that_died_is_done_by_the_job_itself(settings: Settings, redis_url: str) -> None:
    queue = JobQueue(settings.model_copy(update={"redis_url": redis_url}))
    board = QueueBoard(queue, "job1")
    posted = board.post

    def post_then_lose_a_helper(pieces: list[bytes]) -> None:
        posted(pieces)
        assert queue.huey.storage.put_if_empty(f"{board.round}:claim:2", b"dead-worker:1")  # it never answers

    board.post = post_then_lose_a_helper  # type: ignore[method-assign]
    shared = share(PIECES, board)
    assert [shared.results[k] for k in range(6)] == [0, 1, 4, 9, 16, 25]
    assert board.done_by == {queue.worker: 6}
    assert queue.huey.storage.result_store_size() == 0  # pieces, claims and results removed
    assert queue.pending() == 6  # the help tasks, which find nothing left to do:
    while (task := queue.huey.dequeue()) is not None:
        queue.huey.execute(task)
    assert queue.huey.storage.result_store_size() == 0


def test_a_helper_does_only_pieces_nobody_claimed_and_leaves_its_result(settings: Settings, redis_url: str) -> None:
    queue = JobQueue(settings.model_copy(update={"redis_url": redis_url}))
    board = QueueBoard(queue, "job2")
    board.post([bytes(1)])
    assert board.claim(0)
    with queue.helpers.borrow() as helper:
        help_with(queue, board.round, 0, helper)  # claimed by the poster: the helper leaves it
    assert board.results([0]) == {}
    board.close({})
    assert queue.huey.storage.result_store_size() == 0


def test_a_piece_done_by_the_job_itself_shares_nothing_of_its_own(settings: Settings, redis_url: str) -> None:
    """A large variant of a comparison solves its blocks in its own processes: its round is not nested in the
    comparison's, whose keys it would overwrite."""
    queue = JobQueue(settings.model_copy(update={"redis_url": redis_url}))
    board = QueueBoard(queue, "job3")
    with shared_through(board):
        shared = share([(sees_a_board, (k,)) for k in range(3)], current_board())
        assert current_board() is board
    assert [shared.results[k] for k in range(3)] == [False, False, False]

"""ReplayGuard: commit only on success, duplicates flagged, expiry with the window, threads."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import timedelta
from typing import Any, Dict, List, Tuple

import pytest
from helpers import expect_code

import replicate_webhooks as rw

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
WEBHOOK = rw.Webhook(SECRET, tolerance=None)
NOW = 1_700_000_000
BODY = b'{"id": "gm3qorzdhgbfurvjtvhg6dckhu", "status": "succeeded"}'


def event(msg_id: str = "msg_1", timestamp: int = NOW) -> rw.WebhookEvent:
    headers = WEBHOOK.sign_headers(BODY, id=msg_id, timestamp=timestamp)
    return WEBHOOK.verify_event(BODY, headers)


class DictStore:
    """A store with its own clock, as Redis would be: entries vanish after their TTL."""

    def __init__(self) -> None:
        self.clock = NOW
        self.expiry: Dict[str, int] = {}
        self.calls: List[Tuple[str, Any]] = []

    def is_committed(self, id: str) -> bool:
        self.calls.append(("is_committed", id))
        return self.expiry.get(id, 0) > self.clock

    def commit(self, id: str, ttl_seconds: int) -> None:
        self.calls.append(("commit", (id, ttl_seconds)))
        self.expiry[id] = self.clock + ttl_seconds


def guards() -> List[Any]:
    return [
        pytest.param(lambda: rw.ReplayGuard(), id="memory"),
        pytest.param(lambda: rw.ReplayGuard(DictStore()), id="store"),
    ]


@pytest.mark.parametrize("make", guards())
def test_duplicate_after_success_is_flagged(make: Any) -> None:
    guard: rw.ReplayGuard = make()
    first = event()
    guard.check(first, now=NOW)
    guard.commit(first, now=NOW)
    error = expect_code(lambda: guard.check(event(), now=NOW + 5), "replayed")
    assert isinstance(error, rw.ReplayedError) and "msg_1" in str(error)
    guard.check(event("msg_2"), now=NOW + 5)  # other ids are unaffected


@pytest.mark.parametrize("make", guards())
def test_retry_after_a_failed_attempt_is_processed(make: Any) -> None:
    guard: rw.ReplayGuard = make()
    processed: List[str] = []

    def attempt(fail: bool) -> None:
        with guard.processing(event(), now=NOW) as delivery:
            if fail:
                raise RuntimeError("database down")
            processed.append(delivery.id)

    with pytest.raises(RuntimeError):
        attempt(fail=True)
    attempt(fail=False)  # Replicate's retry goes through
    assert processed == ["msg_1"]
    with pytest.raises(rw.ReplayedError):
        attempt(fail=False)  # ... and is then a duplicate
    assert processed == ["msg_1"]


def test_entries_expire_after_the_window() -> None:
    guard = rw.ReplayGuard(tolerance=300)
    delivery = event(timestamp=NOW)
    guard.commit(delivery, now=NOW)
    expect_code(lambda: guard.check(delivery, now=NOW + 300), "replayed")
    guard.check(delivery, now=NOW + 301)  # timestamp + tolerance + 1: forgotten


def test_store_gets_the_cores_ttl() -> None:
    store = DictStore()
    guard = rw.ReplayGuard(store, tolerance=timedelta(minutes=5))
    assert guard.tolerance == 300 and guard.store is store
    guard.commit(event(timestamp=NOW), now=NOW)
    guard.commit(event("msg_2", timestamp=NOW - 100), now=NOW)
    guard.commit(event("msg_late", timestamp=NOW - 400), now=NOW)  # already outside: nothing to store
    assert [call for call in store.calls if call[0] == "commit"] == [
        ("commit", ("msg_1", 301)),
        ("commit", ("msg_2", 201)),
    ]
    store.clock = NOW + 300
    expect_code(lambda: guard.check(event(), now=store.clock), "replayed")
    store.clock = NOW + 301
    guard.check(event(), now=store.clock)


def test_handler_decorator_commits_only_on_success() -> None:
    guard = rw.ReplayGuard()
    calls: List[str] = []
    # The decorator uses the clock: deliveries must be recent.
    now = int(time.time())

    @guard.handler
    def handle(delivery: rw.WebhookEvent, fail: bool = False) -> str:
        calls.append(delivery.id)
        if fail:
            raise ValueError("not now")
        return "done"

    with pytest.raises(ValueError):
        handle(event(timestamp=now), fail=True)
    assert handle(event(timestamp=now)) == "done"
    with pytest.raises(rw.ReplayedError):
        handle(event(timestamp=now))
    assert calls == ["msg_1", "msg_1"]
    assert handle.__name__ == "handle"

    @guard.handler
    async def handle_async(delivery: rw.WebhookEvent, fail: bool = False) -> str:
        await asyncio.sleep(0)
        calls.append("async " + delivery.id)
        if fail:
            raise ValueError("not now")
        return "done"

    with pytest.raises(ValueError):
        asyncio.run(handle_async(event("msg_a", timestamp=now), fail=True))
    assert asyncio.run(handle_async(event("msg_a", timestamp=now))) == "done"
    with pytest.raises(rw.ReplayedError):
        asyncio.run(handle_async(event("msg_a", timestamp=now)))
    assert calls[2:] == ["async msg_a", "async msg_a"]


def test_streamed_deliveries_can_be_guarded() -> None:
    guard = rw.ReplayGuard()
    headers = WEBHOOK.sign_headers(BODY, id="msg_s", timestamp=NOW)
    with guard.processing(WEBHOOK.verify_stream(headers, [BODY]), now=NOW):
        pass
    expect_code(lambda: guard.check(WEBHOOK.verify_stream(headers, [BODY]), now=NOW), "replayed")
    # The same id as a WebhookEvent: one id, one entry.
    expect_code(lambda: guard.check(WEBHOOK.verify_event(BODY, headers), now=NOW), "replayed")


def test_concurrent_threads() -> None:
    """Threads committing and checking at once: every committed id ends up flagged, no other."""
    guard = rw.ReplayGuard()
    deliveries = [event(f"msg_{i}", timestamp=NOW) for i in range(400)]
    errors: List[BaseException] = []
    processed: Dict[str, int] = {}
    lock = threading.Lock()

    def worker(offset: int) -> None:
        try:
            for index in range(offset, len(deliveries), 2):  # two threads per id
                delivery = deliveries[index]
                if index % 5 == 0:
                    continue  # never processed
                try:
                    with guard.processing(delivery, now=NOW):
                        with lock:
                            processed[delivery.id] = processed.get(delivery.id, 0) + 1
                except rw.ReplayedError:
                    pass
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(i % 2,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for index, delivery in enumerate(deliveries):
        if index % 5 == 0:
            guard.check(delivery, now=NOW)
            assert delivery.id not in processed
        else:
            expect_code(lambda: guard.check(delivery, now=NOW), "replayed")
            assert processed[delivery.id] >= 1


def test_store_failures_propagate_unchanged() -> None:
    class Down:
        def is_committed(self, id: str) -> bool:
            raise ConnectionError("redis down")

        def commit(self, id: str, ttl_seconds: int) -> None:
            raise ConnectionError("redis down")

    guard = rw.ReplayGuard(Down())
    with pytest.raises(ConnectionError):
        guard.check(event(), now=NOW)
    with pytest.raises(ConnectionError):
        guard.commit(event(), now=NOW)
    with pytest.raises(ConnectionError):
        with guard.processing(event(), now=NOW):
            pass


def test_bad_arguments_are_ours() -> None:
    guard = rw.ReplayGuard()
    for bad in (None, "msg_1", {"id": "msg_1"}, 5, object(), rw.Verified):
        expect_code(lambda: guard.check(bad), "invalid_argument")  # type: ignore[arg-type]
        expect_code(lambda: guard.commit(bad), "invalid_argument")  # type: ignore[arg-type]
    for store in (5, "redis", object(), [], {"is_committed": 1}):
        expect_code(lambda: rw.ReplayGuard(store), "invalid_argument")
    for tolerance in (None, -1, 1.5, "300", True, 2**70, timedelta(days=-1)):
        expect_code(lambda: rw.ReplayGuard(tolerance=tolerance), "invalid_argument")  # type: ignore[arg-type]
    for now in (-1, "now", 1.5, True):
        expect_code(lambda: guard.check(event(), now=now), "invalid_argument")
    assert "memory" in repr(guard) and "DictStore" in repr(rw.ReplayGuard(DictStore()))


def test_verified_objects() -> None:
    verified = rw.Verified("msg_1", NOW)
    assert verified == rw.Verified("msg_1", NOW) and verified != rw.Verified("msg_2", NOW)
    assert len({verified, rw.Verified("msg_1", NOW)}) == 1
    import pickle

    assert pickle.loads(pickle.dumps(verified)) == verified
    with pytest.raises(AttributeError):
        del verified.id

"""The collector pause around a report: nested and threaded holders, resumed after an error."""

from __future__ import annotations

import gc
import threading

import pytest

from monotown.reports.collector import collection_paused


def test_collection_resumes_after_the_last_holder_even_on_an_error() -> None:
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer holder still renders
    assert gc.isenabled()
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("a report failed")
    assert gc.isenabled()


def test_renders_in_two_threads_share_the_pause() -> None:
    entered, release = threading.Barrier(2), threading.Event()

    def render() -> None:
        with collection_paused():
            entered.wait()
            release.wait()

    other = threading.Thread(target=render)
    other.start()
    with collection_paused():
        entered.wait()
        release.set()
        other.join()
        assert not gc.isenabled()
    assert gc.isenabled()

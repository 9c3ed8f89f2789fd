"""What the plugin's servers share: ``with`` around ``start()``/``close()`` (:class:`Serving`),
and for those answering from a thread of their own, that thread and the socket pair that wakes
it (:class:`ServingThread`)."""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType
from typing import Self

__all__ = ["Serving", "ServingThread"]


class Serving:
    """``with server:`` starts it and closes it on the way out."""

    def start(self) -> Self:
        """Start serving."""
        raise NotImplementedError

    def close(self) -> None:
        """Stop serving and release everything. Idempotent."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class ServingThread(Serving):
    """A server whose :meth:`_run` loop runs in a daemon thread until :attr:`_stopping`, waking
    when :attr:`_wake_r` becomes readable (:meth:`_wake`)."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None

    def _run(self) -> None:
        raise NotImplementedError

    def _start_thread(self, name: str) -> None:
        """Open the wake-up socket pair and start :meth:`_run` in a thread called *name*."""
        self._wake_r, self._wake_w = socket.socketpair()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _wake(self) -> None:
        if self._wake_w is not None:
            with contextlib.suppress(OSError):
                self._wake_w.send(b"\0")

    def _stop_thread(self) -> None:
        """Stop the thread (waiting up to 10 s) and close the socket pair. Idempotent."""
        thread = self._thread
        if thread is not None:
            self._stopping = True
            self._wake()
            thread.join(10)
            self._thread = None
        for sock in (self._wake_r, self._wake_w):
            if sock is not None:
                sock.close()
        self._wake_r = self._wake_w = None

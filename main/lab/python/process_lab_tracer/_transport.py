"""The tracer's only way out: newline-delimited JSON over a Unix stream socket.

Every message is one JSON object on one line, stamped with the process's pid, ppid and ``t``.
The program must never wait on the lab: the socket is non-blocking, a message that does not fit
in the socket's buffer waits in ``_pending`` for the next send, and if the lab has gone (refused,
reset, or too far behind) the tracer falls silent for the rest of the process. Nothing here
raises into the program.
"""
import _socket
import _thread
import json
import os
import time

# Messages kept while the lab reads slowly; past this the lab is taken as gone (we never block).
_PENDING_LIMIT = 4 * 1024 * 1024

_path = None
_sock = None
_pending = bytearray()
_lock = _thread.allocate_lock()
_dead = False
_hello = None  # builds this process's hello message (set by the tracer's start)


def now_ms():
    """Epoch milliseconds, the lab's clock.

    The engine stamps its events with ``performance.timeOrigin + performance.now()``: the wall
    clock at the Node process's start plus a monotonic offset, i.e. epoch ms. ``time.time_ns()``
    reads the same wall clock (CLOCK_REALTIME) of the same machine, so both agree to well under a
    millisecond unless the wall clock is stepped during the run (NTP slewing does not step it).
    """
    return time.time_ns() / 1e6


def _connect():
    global _sock, _dead
    s = None
    try:
        s = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        # A blocking connect with a bound: a Unix socket connects at once unless the lab's
        # backlog is full, and then waits for room (a non-blocking retry loop paced by a
        # possibly time-scaled sleep could give up after a few ms on a loaded machine). After
        # that, non-blocking: the program never waits on the lab again.
        s.settimeout(1.0)
        s.connect(_path)
        s.setblocking(False)
        _sock = s
    except OSError:
        if s is not None:
            s.close()
        _sock = None
        _dead = True


def _go_dead():
    global _sock, _dead
    _dead = True
    _pending.clear()
    if _sock is not None:
        try:
            _sock.close()
        except OSError:
            pass
        _sock = None


def _flush_some():
    while _pending:
        try:
            n = _sock.send(_pending)
        except BlockingIOError:
            break
        except OSError:
            _go_dead()
            return
        del _pending[:n]
    if len(_pending) > _PENDING_LIMIT:
        _go_dead()


def send(kind, fields=None):
    """Sends one message of type ``kind``; silent when the lab is not (or no longer) there."""
    if _dead or _sock is None:
        return
    msg = {"type": kind, "pid": os.getpid(), "ppid": os.getppid(), "t": now_ms()}
    if fields:
        msg.update(fields)
    try:
        line = json.dumps(msg, ensure_ascii=False, separators=(",", ":"), default=repr)
    except (TypeError, ValueError):
        return
    with _lock:
        if _dead:
            return
        _pending.extend(line.encode("utf-8", "replace"))
        _pending.extend(b"\n")
        _flush_some()


def flush(timeout=0.5):
    """At exit: give what is still pending a short, bounded chance to reach the lab."""
    if _dead or _sock is None or not _pending:
        return
    deadline = time.monotonic() + timeout
    with _lock:
        while _pending and not _dead and time.monotonic() < deadline:
            _flush_some()
            if _pending:
                _sleep(0.001)


def _before_fork():
    # No other thread may be half-way through a message when the process is copied.
    _lock.acquire()


def _after_fork_parent():
    _lock.release()


def _after_fork_child():
    # The child got a copy of the parent's socket and pending bytes: both are the parent's.
    # It closes its copy of the fd (the parent's connection is unaffected) and opens its own.
    global _lock, _sock, _dead
    _lock = _thread.allocate_lock()
    _pending.clear()
    if _sock is not None:
        try:
            _sock.close()
        except OSError:
            pass
        _sock = None
    if _dead:
        return
    _connect()
    if _hello is not None:
        send("hello", _hello(True))


def start(path, sleep, hello):
    """Connects this process and sends its hello; forked children reconnect on their own."""
    global _path, _sleep, _hello
    _path = path
    _sleep = sleep
    _hello = hello
    _connect()
    if _dead:
        return False
    os.register_at_fork(
        before=_before_fork, after_in_parent=_after_fork_parent, after_in_child=_after_fork_child
    )
    send("hello", hello(False))
    return True


_sleep = time.sleep

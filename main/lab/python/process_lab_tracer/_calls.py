"""Recording one traced call: when it began and ended, what it acted on, what it returned.

A call made by ``multiprocessing`` on the program's behalf (``os.fork`` inside
``Process.start``, ``os.waitpid`` inside ``Process.join``) carries ``by: "multiprocessing"`` and
``within``: the traced call it happened inside, so the engine can nest or fold it.
"""
import _thread
import sys

from . import _transport

# The traced calls under way, per thread (a join in one thread, an is_alive in another).
_stack = {}


def reset_after_fork():
    """A forked child starts with no call under way: its copy of the parent's stack is stale."""
    _stack.clear()


def caller_kind(depth):
    """``multiprocessing`` when the frame ``depth`` levels up belongs to it, else ``program``."""
    try:
        name = sys._getframe(depth + 1).f_globals.get("__name__", "")
    except ValueError:
        return "program"
    return "multiprocessing" if name == "multiprocessing" or name.startswith("multiprocessing.") else "program"


class Call:
    """A traced call: ``with Call(api, by) as c: c.result = real()``; sent when it ends."""

    __slots__ = ("api", "by", "t", "target", "result", "extra", "within", "_key")

    def __init__(self, api, by, target=None):
        self.api = api
        self.by = by
        self.target = target
        self.result = None
        self.extra = None
        self.t = _transport.now_ms()
        self._key = _thread.get_ident()
        stack = _stack.setdefault(self._key, [])
        self.within = stack[-1] if stack else None
        stack.append(api)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        end = _transport.now_ms()
        stack = _stack.get(self._key)
        if stack:
            stack.pop()
        fields = {"api": self.api, "by": self.by, "endT": end}
        if self.target is not None:
            fields["target"] = self.target
        if self.result is not None or exc_type is None:
            fields["result"] = self.result
        if self.within is not None:
            fields["within"] = self.within
        if self.extra:
            fields.update(self.extra)
        if exc_type is not None:
            # The program sees the same exception; the lab sees that the call failed, and why.
            fields["error"] = "%s: %s" % (exc_type.__name__, exc)
        _transport.send("call", dict(fields, t=self.t))
        return False


def instant(api, by, target=None, result=None, **extra):
    """A call that does not block (or never returns, like ``os._exit``): no ``endT``."""
    fields = {"api": api, "by": by}
    if target is not None:
        fields["target"] = target
    if result is not None:
        fields["result"] = result
    stack = _stack.get(_thread.get_ident())
    if stack:
        fields["within"] = stack[-1]
    fields.update(extra)
    _transport.send("call", fields)

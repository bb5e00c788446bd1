"""What each process prints: sys.stdout/sys.stderr pass everything on unchanged, and each
complete line is also sent to the lab with the printing pid."""
import sys

from . import _transport

_MAX_LINE = 8192


class _Tee:
    """Writes through to the real stream first (same text, same buffering), then reports lines."""

    def __init__(self, inner, stream):
        object.__setattr__(self, "_inner", inner)
        object.__setattr__(self, "_stream", stream)
        object.__setattr__(self, "_partial", "")

    def write(self, s):
        n = self._inner.write(s)
        if isinstance(s, str) and s:
            text = self._partial + s
            *lines, rest = text.split("\n")
            for line in lines:
                _send(self._stream, line)
            if len(rest) > _MAX_LINE:
                _send(self._stream, rest)
                rest = ""
            object.__setattr__(self, "_partial", rest)
        return n

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def finish(self):
        """At exit: a last line printed without a newline is still a line."""
        if self._partial:
            _send(self._stream, self._partial)
            object.__setattr__(self, "_partial", "")

    def reset(self):
        # A forked child's copy of a half-written line is the parent's, not its own.
        object.__setattr__(self, "_partial", "")

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def __setattr__(self, name, value):
        setattr(self._inner, name, value)

    def __iter__(self):
        return iter(self._inner)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._inner.__exit__(*exc)


def _send(stream, line):
    truncated = len(line) > _MAX_LINE
    fields = {"stream": stream, "line": line[:_MAX_LINE]}
    if truncated:
        fields["truncated"] = True
    _transport.send("log", fields)


_tees = []


def install():
    for stream in ("stdout", "stderr"):
        inner = getattr(sys, stream, None)
        if inner is None:  # pythonw, or a closed stream: nothing prints there
            continue
        tee = _Tee(inner, stream)
        setattr(sys, stream, tee)
        _tees.append(tee)


def finish():
    for tee in _tees:
        tee.finish()


def reset_after_fork():
    for tee in _tees:
        tee.reset()

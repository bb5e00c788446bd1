"""Process Lab's Python tracer: standard library only, Python 3.8+.

Loaded into every Python process of a lab run by ``boot/sitecustomize.py`` (the engine puts
``boot/`` on PYTHONPATH, which spawn and forkserver children inherit; forked children inherit the
tracer itself and reconnect at fork). It reports, per process, on the lab's clock: multiprocessing
calls, os fork/wait/kill/_exit, what the process printed, main's code end and interpreter exit.

Inert unless both ``PROCESS_LAB_RUN`` and ``PROCESS_LAB_PY_TRACE`` (the socket path) are set, and
inert again if the lab cannot be reached. The only behaviour it changes is the one the lab asks
for: ``time.sleep`` scaled by ``PROCESS_LAB_TIME_SCALE``, and the default start method set to
``PROCESS_LAB_PY_START_METHOD``; the hello message says when either applies.
"""
import atexit
import os
import sys
import time

__version__ = "1"

ENV_RUN = "PROCESS_LAB_RUN"
ENV_TRACE = "PROCESS_LAB_PY_TRACE"
ENV_SCALE = "PROCESS_LAB_TIME_SCALE"
ENV_START_METHOD = "PROCESS_LAB_PY_START_METHOD"

_active = False
_main_ended = False


def _scale():
    raw = os.environ.get(ENV_SCALE)
    if not raw:
        return None
    try:
        s = float(raw)
    except ValueError:
        return None
    # 1 is no scaling; a non-positive or absurd factor is ignored rather than obeyed.
    return s if 0 < s <= 100 and s != 1 else None


def _hello_fields(scale, start_method):
    from . import _mp

    def hello(forked):
        fields = {
            "v": 1,
            "run": os.environ.get(ENV_RUN),
            "forked": forked,
            "python": {
                "version": "%d.%d.%d" % sys.version_info[:3],
                "implementation": sys.implementation.name,
                "executable": sys.executable,
            },
            "argv": list(getattr(sys, "orig_argv", None) or sys.argv or []),
            "startMethod": _mp.start_method_now() or start_method,
        }
        if scale is not None:
            fields["timeScale"] = scale
            fields["note"] = "sleeps scaled x%g" % scale
        if start_method:
            fields["startMethodForced"] = start_method
        return fields

    return hello


def _main_end(where):
    # main's code ended: the first of our atexit handlers to run, or (in a multiprocessing
    # child) its target returning. Sent once.
    global _main_ended
    if _main_ended:
        return
    _main_ended = True
    from . import _transport

    _transport.send("main-end", {"where": where})


def _on_exit(how, code=None):
    from . import _streams, _transport

    _streams.finish()
    if how == "atexit":
        _main_end("main")
    fields = {"how": how}
    if code is not None:
        fields["code"] = code
    _transport.send("exit", fields)
    _transport.flush()


def _after_fork_child():
    global _main_ended
    _main_ended = False
    from . import _streams

    _streams.reset_after_fork()


def activate():
    """Starts tracing this process if (and only if) it belongs to a lab run; returns whether."""
    global _active
    if _active:
        return True
    path = os.environ.get(ENV_TRACE)
    if not path or not os.environ.get(ENV_RUN):
        return False
    from . import _mp, _os, _streams, _transport

    real_sleep = time.sleep
    scale = _scale()
    start_method = os.environ.get(ENV_START_METHOD) or None
    if not _transport.start(path, real_sleep, _hello_fields(scale, start_method)):
        return False
    os.register_at_fork(after_in_child=_after_fork_child)
    _active = True
    if scale is not None:

        def sleep(secs):
            if isinstance(secs, (int, float)):
                secs = secs * scale
            return real_sleep(secs)

        sleep.__doc__ = real_sleep.__doc__
        time.sleep = sleep
    _os.install(_on_exit)
    _streams.install()
    _mp.install(_main_end, start_method)
    # Registered first, so it runs last of all atexit handlers: the interpreter's exit.
    atexit.register(_on_exit, "atexit")
    return True

"""``os``: fork, the waits, kill and _exit, traced where the program (or multiprocessing) calls them."""
import os
import signal

from . import _calls, _transport
from ._calls import Call, caller_kind


def _status(status):
    """A wait status as the lecture reads it: exit code, or the signal that ended the child."""
    if os.WIFEXITED(status):
        return {"exitCode": os.WEXITSTATUS(status), "signal": None}
    if os.WIFSIGNALED(status):
        return {"exitCode": None, "signal": _signame(os.WTERMSIG(status))}
    return {"exitCode": None, "signal": None, "stopped": os.WIFSTOPPED(status)}


def _signame(num):
    try:
        return signal.Signals(num).name
    except ValueError:
        return str(num)


def _reaped(pid, status):
    # pid 0 from a WNOHANG wait: nothing had ended yet, nothing was reaped.
    if not pid:
        return {"pid": 0, "status": None}
    return {"pid": pid, "status": status, **_status(status)}


def install(on_exit):
    real_fork = os.fork
    real_waitpid = os.waitpid
    real_wait = os.wait
    real_wait4 = getattr(os, "wait4", None)
    real_kill = os.kill
    real_exit = os._exit

    def fork():
        # Both sides report the same call: the parent with the child's pid, the child with 0
        # (its hello, sent by the at-fork hook before fork() returns, says whose copy it is).
        c = Call("os.fork", caller_kind(1))
        with c:
            pid = real_fork()
            if pid == 0:

                _calls.reset_after_fork()
            c.target = pid or None
            c.result = pid
        return pid

    def waitpid(pid, options):
        with Call("os.waitpid", caller_kind(1), target=pid) as c:
            c.extra = {"options": options, "nohang": bool(options & os.WNOHANG)}
            got, status = real_waitpid(pid, options)
            c.result = _reaped(got, status)
            return got, status

    def wait():
        with Call("os.wait", caller_kind(1)) as c:
            got, status = real_wait()
            c.result = _reaped(got, status)
            return got, status

    def wait4(pid, options):
        with Call("os.wait4", caller_kind(1), target=pid) as c:
            c.extra = {"options": options, "nohang": bool(options & os.WNOHANG)}
            got, status, usage = real_wait4(pid, options)
            c.result = _reaped(got, status)
            return got, status, usage

    def kill(pid, sig):
        with Call("os.kill", caller_kind(1), target=pid) as c:
            c.extra = {"signal": _signame(sig)}
            real_kill(pid, sig)

    def _exit(code):
        # os._exit skips atexit: this is the process's last word (multiprocessing's children
        # always leave this way, which is how tracers that flush at atexit lose them).
        _calls.instant("os._exit", caller_kind(1), result=code)
        on_exit("_exit", code)
        real_exit(code)

    os.fork = fork
    os.waitpid = waitpid
    os.wait = wait
    if real_wait4 is not None:
        os.wait4 = wait4
    os.kill = kill
    os._exit = _exit

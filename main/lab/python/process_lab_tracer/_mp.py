"""``multiprocessing``: Process.start/join/is_alive/terminate/kill/exitcode, the start method,
and the moment main's code ended, patched only when the program imports multiprocessing.

Importing multiprocessing costs ~25 ms, so the tracer never imports it itself: an import hook
patches each module right after it has run (programs that never use it pay nothing).
"""
import atexit
import importlib.machinery
import sys

from ._calls import Call, caller_kind, instant
from . import _transport

_WATCHED = ("multiprocessing.context", "multiprocessing.process", "multiprocessing.util")


def _target_name(proc):
    target = getattr(proc, "_target", None)
    if target is not None:
        return getattr(target, "__qualname__", None) or getattr(target, "__name__", None) or repr(target)
    # A subclass with its own run() (the lecture's 方式二): its run is the target.
    if type(proc).run is not _base_run:
        return type(proc).__qualname__ + ".run"
    return None


def _method(proc):
    popen = getattr(proc, "_popen", None)
    return getattr(popen, "method", None)


def _server_pid(method):
    """The forkserver's pid (it forks the child, so it is the child's parent), or None.

    Read from multiprocessing's own singleton, never by starting anything: a child ended within
    a few ms of its start may never say hello, and this is then the only word of its parent.
    """
    if method != "forkserver":
        return None
    fs = sys.modules.get("multiprocessing.forkserver")
    pid = getattr(getattr(fs, "_forkserver", None), "_forkserver_pid", None)
    return pid if isinstance(pid, int) else None


_base_run = None


def _patch_process(mod):
    global _base_run
    P = mod.BaseProcess
    _base_run = P.run
    real_start, real_join, real_alive = P.start, P.join, P.is_alive
    real_terminate, real_kill = P.terminate, getattr(P, "kill", None)
    real_exitcode = P.exitcode
    real_bootstrap = P._bootstrap

    def start(self):
        # start() drops its reference to the target: read its name first.
        target_name = _target_name(self)
        with Call("Process.start", caller_kind(1)) as c:
            try:
                return real_start(self)
            finally:
                c.target = self.pid
                method = _method(self)
                c.extra = {
                    "name": self.name,
                    "daemon": self.daemon,
                    "targetName": target_name,
                    "method": method,
                }
                server = _server_pid(method)
                if server is not None:
                    c.extra["server"] = server

    def join(self, timeout=None):
        with Call("Process.join", caller_kind(1), target=self.pid) as c:
            if timeout is not None:
                c.extra = {"timeout": timeout}
            out = real_join(self, timeout)
            # None when a timeout ran out with the child still alive.
            c.result = real_exitcode.fget(self)
            return out

    def is_alive(self):
        with Call("Process.is_alive", caller_kind(1), target=self.pid) as c:
            c.result = real_alive(self)
            return c.result

    def terminate(self):
        with Call("Process.terminate", caller_kind(1), target=self.pid):
            real_terminate(self)

    def kill(self):
        with Call("Process.kill", caller_kind(1), target=self.pid):
            real_kill(self)

    def exitcode(self):
        code = real_exitcode.fget(self)
        # multiprocessing reads it itself (repr, the pool); only the program's reads are shown.
        if caller_kind(1) == "program":
            instant("Process.exitcode", "program", target=self.pid, result=code)
        return code

    def _bootstrap(self, *args, **kwargs):
        # In the child, before its target runs: who it is to multiprocessing. Its starter's pid
        # is the one __init__ stored (the real _bootstrap sets _parent_process only after this,
        # and under forkserver the OS parent is the forkserver, not the starter).
        parent = getattr(mod, "_parent_process", None)
        starter = getattr(self, "_parent_pid", None)
        _transport.send(
            "process",
            {
                "name": self.name,
                "daemon": self.daemon,
                "targetName": _target_name(self),
                "parentPid": starter if isinstance(starter, int) else getattr(parent, "pid", None),
            },
        )
        return real_bootstrap(self, *args, **kwargs)

    P.start = start
    P.join = join
    P.is_alive = is_alive
    P.terminate = terminate
    if real_kill is not None:
        P.kill = kill
    P.exitcode = property(exitcode)
    P._bootstrap = _bootstrap


def _patch_util(mod, main_end):
    real_exit_function = mod._exit_function

    def _exit_function(*args, **kwargs):
        # A child's _bootstrap calls this right after its target returned.
        main_end("target")
        return real_exit_function(*args, **kwargs)

    mod._exit_function = _exit_function
    # atexit runs last-registered first: registered after multiprocessing's own handler, this
    # runs before it, i.e. before daemonic children are terminated (the lecture's daemon rule).
    atexit.register(main_end, "main")


def _patch_context(mod, start_method):
    if not start_method:
        return
    try:
        ctx = mod._default_context.get_context(start_method)
    except ValueError:
        return
    # The default the program gets when it names none; its own set_start_method still works.
    mod._default_context._default_context = ctx


class _Finder:
    """A meta-path finder that only wraps the loaders of the watched multiprocessing modules."""

    def __init__(self, patches):
        self._patches = patches

    def find_spec(self, name, path=None, target=None):
        patch = self._patches.get(name)
        if patch is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        real_exec = spec.loader.exec_module

        def exec_module(module):
            real_exec(module)
            try:
                patch(module)
            except Exception:
                pass  # an unknown multiprocessing: untraced, never broken

        spec.loader.exec_module = exec_module
        return spec

    def invalidate_caches(self):
        pass


def install(main_end, start_method):
    patches = {
        "multiprocessing.context": lambda m: _patch_context(m, start_method),
        "multiprocessing.process": _patch_process,
        "multiprocessing.util": lambda m: _patch_util(m, main_end),
    }
    for name in _WATCHED:
        mod = sys.modules.get(name)
        if mod is not None:  # already imported (unusual): patch in place
            patches.pop(name)(mod)
    sys.meta_path.insert(0, _Finder(patches))


def start_method_now():
    """The default start method, if multiprocessing is loaded (without loading it)."""
    ctx = sys.modules.get("multiprocessing.context")
    if ctx is None:
        return None
    try:
        return ctx._default_context.get_start_method(allow_none=True) or ctx._default_context._default_context._name
    except Exception:
        return None

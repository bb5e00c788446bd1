"""Process Lab: loads the tracer into this interpreter, then the sitecustomize it shadows.

The engine puts this folder first on PYTHONPATH for a lab run only. The tracer package is
loaded from its own folder by path, so the program's sys.path gains nothing but this folder
(which it already had from PYTHONPATH); the tracer stays inert unless the run's variables are set.
"""
import os as _os
import sys as _sys


def _load_tracer():
    import importlib.util

    here = _os.path.dirname(_os.path.abspath(__file__))
    pkg = _os.path.dirname(here)
    spec = importlib.util.spec_from_file_location(
        "process_lab_tracer", _os.path.join(pkg, "__init__.py"), submodule_search_locations=[pkg]
    )
    mod = importlib.util.module_from_spec(spec)
    _sys.modules["process_lab_tracer"] = mod
    spec.loader.exec_module(mod)
    mod.activate()


def _chain_user_sitecustomize():
    # A sitecustomize later on sys.path (the user's, a virtualenv's, Debian's) would have run
    # had this one not shadowed it: run it now, as Python would have.
    import importlib

    here = _os.path.dirname(_os.path.abspath(__file__))
    ours = _sys.modules.pop("sitecustomize", None)
    saved = list(_sys.path)
    _sys.path[:] = [p for p in _sys.path if _os.path.abspath(p or ".") != here]
    try:
        importlib.import_module("sitecustomize")
    except ImportError as e:
        if e.name != "sitecustomize":
            raise
        if ours is not None:
            _sys.modules["sitecustomize"] = ours
    finally:
        _sys.path[:] = saved


if _os.environ.get("PROCESS_LAB_RUN") and _os.environ.get("PROCESS_LAB_PY_TRACE"):
    try:
        _load_tracer()
    except Exception:
        pass  # a broken tracer must never break the program: it runs untraced
_chain_user_sitecustomize()

"""The bench's Python reference for join(): start every task, then join them all, as the lecture
does, with one multiprocessing start method. Prints the wall time in ms (only that) on stdout.

    python3 python-join.py <fork|spawn|forkserver> <seconds>...
"""
import multiprocessing as mp
import sys
import time


def foo(x):
    time.sleep(x)


if __name__ == '__main__':
    ctx = mp.get_context(sys.argv[1])
    durations = [float(a) for a in sys.argv[2:]]
    start = time.perf_counter()
    ps = [ctx.Process(target=foo, args=(d,)) for d in durations]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(round((time.perf_counter() - start) * 1000, 1))

'''
操作系统
*****
串行:一个进程完完整整执行完再执行下一个
并发:看起来是同时运行  单核
并行:真正的同时运行

多道技术:
空间复用:共用一个内存条,多个进程互相隔离,物理级别隔离
时间复用:共用一个cpu

*****
并发 = 保存状态 + 切换
'''
# (the lecture states these without code; below, the same claim in its style)
from multiprocessing import Process
import os, time

# Process Lab: the lecture's durations are time.sleep, scaled by the lab; this CPU-bound work
# is not, so it is scaled here by the same factor (PROCESS_LAB_TIME_SCALE, 1 when run alone).
WORK = int(10**8 * float(os.environ.get('PROCESS_LAB_TIME_SCALE', '1')))

def work(n):                  # CPU-bound: no sleep, no I/O
    while n: n -= 1

if __name__ == '__main__':
    tasks = os.cpu_count() + 1
    start = time.time()
    for i in range(tasks):    # 串行: 一个进程执行完再执行下一个
        p = Process(target=work, args=(WORK,)); p.start(); p.join()
    print('串行', time.time() - start)
    start = time.time()
    ps = [Process(target=work, args=(WORK,)) for i in range(tasks)]
    for p in ps: p.start()    # 并行 (+ 并发: 任务比核多, 操作系统切换)
    for p in ps: p.join()
    print('并行', time.time() - start)

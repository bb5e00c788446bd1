# 孤儿进程(无害的)* 就算父进程没有回收, init 也会统一回收
# 一个父进程退出,而它的一个或多个子进程还在运行,那么那些进程会变成孤儿进程。
# 孤儿进程将被 init 进程(进程号为1)所收养,并由 init 进程对它们完成状态收集工作
# (the lecture states this without code; below, the claim in its style)
from multiprocessing import Process
import os, time

def task():
    print('子进程 ppid', os.getppid())
    time.sleep(3)
    print('子进程 ppid', os.getppid())   # 父进程已退出: 新的父进程

if __name__ == '__main__':
    p = Process(target=task)
    p.start()
    time.sleep(1)
    os._exit(0)      # 父进程不等子进程, 直接退出

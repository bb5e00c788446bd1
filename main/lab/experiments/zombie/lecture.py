# 僵尸进程:父进程的子进程结束的时候父进程没有wait()情况下子进程会变成僵尸进程
'''
情况1  无害
父进程等着子进程都死完,回收僵尸进程

情况2  无害
父进程死了, 子进程活着,都要被init进程接管并且回收

情况3
父进程一直不死,造成了大量僵尸进程。占用大量的pid号
pid号是有限的
解决方案:
最直接的办法就是杀死父进程
'''
# (the lecture states this without code; below, the claim in its style: 情况1)
from multiprocessing import Process
import os, time

def task():
    print('子进程', os.getpid(), 'end')

if __name__ == '__main__':
    p = Process(target=task)
    p.start()
    time.sleep(3)   # 子进程已结束, 父进程还没有 wait(): 僵尸进程 (ps 里是 Z)
                    # (forkserver: 子进程的父进程是 forkserver, 它自己回收, 没有僵尸)
    p.join()        # join 内部调用 wait(): 回收
    print('主进程')

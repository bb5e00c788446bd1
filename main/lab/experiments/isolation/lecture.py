# 验证内存空间彼此隔离
# (the lecture names this check without code; below is the usual script for it)
from multiprocessing import Process

x = 100

def task():
    global x
    x = 2
    print('子进程的x', x)       # 2

if __name__ == '__main__':
    p = Process(target=task)
    p.start()
    p.join()
    print('主进程的x', x)       # 100: 子进程改的是它自己的那一份

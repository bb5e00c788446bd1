# 守护进程2
'''
守护进程
守护--》伴随
本质也是一个子进程
主进程的代码执行完毕守护进程直接结束。
'''

from multiprocessing import Process
import time

def foo():
    print('守护进程 start')
    time.sleep(3)
    print('子进程 end')

def task():
    print('子进程 start')
    time.sleep(5)
    print('子进程 end')

if __name__ == '__main__':
    p = Process(target=foo)
    p1 = Process(target=task)
    p.daemon = True
    p.start()
    p1.start()
    time.sleep(1)
    print('主进程')

# 开子进程  申请新的内存空间,把父进程的所有代码完整拷贝一份过去
# 方式一
from multiprocessing import Process

def task1(x):  # Process Lab: named task in the lecture; renamed, since the third part below
    pass       # defines task() again and a spawn/forkserver child looks its target up by name

if __name__ == '__main__':
    p = Process(target=task1, args=(5,))
    p.start()

# 方式二(不常用)
from multiprocessing import Process

class Task(Process):
    def __init__(self, name):
        super().__init__()
        self.name = name
    def run(self):
        pass
# Process Lab: the lecture starts Task('Nick') at the top level; under spawn/forkserver each
# child re-imports this file and would start it again, so it runs under the __main__ guard.
if __name__ == '__main__':
    p = Task('Nick')
    p.start()

# process的其它用法
from multiprocessing import Process, current_process
import time,os

def task():
    print('子进程 start')
    print('在子进程中查看自己的pid',current_process().pid) # 在子进程中查看自己的pid
    print('在子进程中查看父进程的pid', os.getppid())
    time.sleep(100)
    print('子进程 end')

if __name__ == '__main__':
    p = Process(target=task)
    p.start()
    print('在主进程查看子进程的pid', p.pid) # 一定要写在 start()之后
    print('主进程的pid', os.getpid())
    print('主进程的父进程Pid', os.getppid())
    print('主进程')

# process的name和is_alive用法, process的terminate用法 (the lecture's two programs, as one)
from multiprocessing import Process, current_process
import time

def foo():
    print('进程 start')
    print(current_process().name)# current_process(现在进程的名字)
    time.sleep(2)
    print('进程 end')

if __name__ == '__main__':
    p1 = Process(target=foo)
    p2 = Process(target=foo, name='rocky')
    p1.start(); p2.start()
    print(p1.is_alive())   # True
    p1.terminate()         # 给操作系统发送了一个请求,终止子进程
    print(p1.is_alive())   # True: 操作系统还没来得及结束它
    p1.join()              # 阻塞住主进程,等待子进程结束后才会往下运行
    print(p1.is_alive())   # False
    print(p1.exitcode)     # -15
    p2.kill(); p2.join()
    print(p2.name, p2.exitcode)   # rocky -9
    print('主进程')

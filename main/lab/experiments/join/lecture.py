# Process的join的用法: the lecture's three timings in one program, in its words
# (直接调用函数 6.00 s; 先全部 start 再全部 join 3.58 s; start 一个 join 一个 7.21 s)
from multiprocessing import Process
import time

def foo(x):
    print(f'进程{x} start')
    time.sleep(x)
    print(f'进程{x} end')

if __name__ == '__main__':
    start = time.time()
    foo(1); foo(2); foo(3)                  # 直接调用函数: 6.00 s
    print(time.time() - start)

    start = time.time()
    p_list = []
    for i in range(1, 4):
        p = Process(target=foo, args=(i,))
        p.start()
        p_list.append(p)
    print(p_list)
    for p in p_list:
        p.join()                             # 3.58 s
    print(time.time() - start)

    start = time.time()
    for i in range(1, 4):
        p = Process(target=foo, args=(i,))
        p.start()
        p.join()                             # 7.21 s: 不如不开
    print(time.time() - start)
    print('主进程')

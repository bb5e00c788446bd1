# 抢票小程序
# db.txt = {"count": 1}

from multiprocessing import Process
import time
import json
import os

def search():
    time.sleep(1) #模拟网络io
    with open('db.txt', 'rt', encoding='utf-8')as f:
        res = json.load(f)
        print(f'还剩{res["count"]}')

def get():
    with open('db.txt', 'rt', encoding='utf-8')as f:
        res = json.load(f)
    time.sleep(1)  #模拟网络io
    if res['count'] > 0:
        res['count'] -= 1
        with open('db.txt', 'wt', encoding='utf-8')as f:
            json.dump(res,f)
            time.sleep(1.5) #模拟网络io
            print(f'进程{os.getpid()} 抢票成功')
    else:
        print('票已经售空啦!!')

def task():
    search()
    get()

if __name__ == '__main__':
    # Process Lab: the lecture's db.txt, written here (in the run's folder) so the program runs.
    with open('db.txt', 'wt', encoding='utf-8') as f:
        json.dump({"count": 1}, f)
    for i in range(15):
        p = Process(target=task)
        print(p)
        p.start()
        p.join()

#为了保证数据的安全,要牺牲掉效率

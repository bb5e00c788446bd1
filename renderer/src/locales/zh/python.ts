/** zh strings for Python runs in the view: "Your program", the interpreter setting, their error codes. */
export default {
  'list.yourProgram': '你的程序',
  'list.yourProgramHint': '你自己的 .py 文件，带追踪',
  'program.title': '你的程序',
  'program.summary':
    '在实验室里运行你自己的 Python 程序：它的进程、各进程的输出和每个 multiprocessing 调用都显示在进程树、时间线和详情中，与讲义里的 Python 一样。',
  'program.noFolder': '没有程序文件夹：浏览器中的实验室只运行服务器启动时指定的文件夹里的 .py 文件。请这样启动：',
  'program.emptyFolder': '程序文件夹里还没有 .py 文件：放一个进去，然后点击“刷新列表”。',
  'program.pick': '程序',
  'program.refresh': '刷新列表',
  'program.method': '启动方式',
  'program.methodDefault': '程序的默认方式',
  'program.methodHelp':
    'fork 复制父进程；spawn 启动全新的解释器；forkserver 由一个服务进程（它就是父进程）逐个 fork 子进程。',
  'program.spawnOnly': 'Windows 只有 spawn：没有 fork，也没有 forkserver。',
  'program.chooseRun': '选择 .py 文件并运行…',
  'program.ended_other': '已结束：{{count}} 个进程，输出 {{lines}} 行（见各进程的详情）。',
  'program.python':
    'Python 解释器取自“设置 → Python 解释器”，否则使用 PATH 上的 python3（命令行和服务器可用 --python PATH）。',
  'settings.pythonPath': 'Python 解释器',
  'settings.pythonPathHelp': 'Python 运行所用解释器的绝对路径；留空 = 在 PATH 上查找 python3',
  'settings.pythonPathBrowser': '在浏览器中，解释器在服务器启动时指定：npm run serve -- --python PATH',
  'error.code.no-python': '没有 Python 解释器：请在“设置 → Python 解释器”中指定，或用 --python PATH 启动实验室',
  'error.code.unknown-program': '不是文件夹里的程序',
} satisfies Record<string, string>;

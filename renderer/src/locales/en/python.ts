/** en strings for Python runs in the view: "Your program", the interpreter setting, their error codes. */
export default {
  'list.yourProgram': 'Your program',
  'list.yourProgramHint': 'a .py file of yours, traced',
  'program.title': 'Your program',
  'program.summary':
    'Run a Python program of your own under the lab: its processes, their prints and every multiprocessing call show in the tree, the timeline and the details, like the lecture’s Python.',
  'program.noFolder':
    'No programs folder: this browser lab runs only the .py files of a folder named when the server starts. Start it with:',
  'program.emptyFolder': 'The programs folder has no .py file yet: put one there, then Refresh.',
  'program.pick': 'Program',
  'program.refresh': 'Refresh the list',
  'program.method': 'Start method',
  'program.methodDefault': 'the program’s default',
  'program.methodHelp':
    'fork copies the parent; spawn starts a fresh interpreter; forkserver forks each child from a server process (its parent).',
  'program.spawnOnly': 'Windows has spawn only: no fork, no forkserver.',
  'program.chooseRun': 'Choose a .py file and run…',
  'program.ended_one': 'Ended: {{count}} process, {{lines}} printed lines (see each process’s details).',
  'program.ended_other': 'Ended: {{count}} processes, {{lines}} printed lines (see each process’s details).',
  'program.python':
    'Python runs from Settings → Python interpreter, or python3 on PATH (the CLI and the server take --python PATH).',
  'settings.pythonPath': 'Python interpreter',
  'settings.pythonPathHelp': 'absolute path of the interpreter for Python runs; empty = find python3 on PATH',
  'settings.pythonPathBrowser':
    'in a browser, the interpreter is named when the server starts: npm run serve -- --python PATH',
  'error.code.no-python':
    'No Python interpreter: set one in Settings → Python interpreter, or start the lab with --python PATH',
  'error.code.unknown-program': 'Not a program of the folder',
} satisfies Record<string, string>;

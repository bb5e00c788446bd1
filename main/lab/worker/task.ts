/**
 * Worker program: one child of an experiment's main. Runs one task from `./tasks.ts`,
 * named on the command line (a JSON `TaskSpec`), and talks to its parent over IPC.
 */
import { sharedNow } from '../common/clock';
import { TASKS, type TaskContext } from './tasks';
import type { FactValue, TaskSpec, TaskToParent } from '../common/protocol';
import { watchSupervisor } from './lifeline';

function send(msg: TaskToParent): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(msg, undefined, {}, () => resolve());
  });
}

const spec = JSON.parse(process.argv[2] ?? '{}') as TaskSpec;
const def = TASKS[spec.target];
if (!def) {
  process.stderr.write(`unknown task ${String(spec.target)}\n`);
  process.exit(2);
}

// Terminate must stay observable in two steps: the delivery (we are told here) and the exit.
// We report the delivery, then restore the default action and re-raise the same signal, so the
// parent still sees death-by-SIGTERM (Python's exitcode -15) exactly as the lecture shows.
process.once('SIGTERM', () => {
  const reraise = (): void => {
    process.kill(process.pid, 'SIGTERM');
  };
  const timer = setTimeout(reraise, 200);
  void send({ k: 'signal-received', signal: 'SIGTERM', at: sharedNow() }).then(() => {
    clearTimeout(timer);
    reraise();
  });
});

if (def.survivesParent) {
  // An orphan outlives its parent on purpose; it still must not outlive the lab itself.
  watchSupervisor();
  process.on('disconnect', () => undefined);
} else {
  // The parent (main) is gone: nobody will join us, so end now rather than linger.
  process.on('disconnect', () => process.exit(0));
}

// An orphan's stdout pipe loses its reader when main exits: drop those writes instead of
// crashing on EPIPE.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

const inbox: FactValue[] = [];
const waiting: Array<(v: FactValue) => void> = [];
process.on('message', (m) => {
  const w = waiting.shift();
  if (w) w(m as FactValue);
  else inbox.push(m as FactValue);
});

const ctx: TaskContext = {
  name: spec.name,
  style: spec.style,
  print: (line) => process.stdout.write(`${line}\n`),
  report: (key, value) => send({ k: 'report', key, value, at: sharedNow() }),
  step: (label, value) => send({ k: 'step', label, value, at: sharedNow() }),
  nextMessage: () =>
    new Promise((resolve) => {
      const m = inbox.shift();
      if (m !== undefined) resolve(m);
      else waiting.push(resolve);
    }),
};

await send({ k: 'ready', at: sharedNow(), pid: process.pid, ppid: process.ppid });
try {
  await def.run(ctx, spec.args);
  // Leave on our own: the open IPC channel would otherwise keep the event loop alive.
  process.exit(0);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

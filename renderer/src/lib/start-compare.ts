/**
 * The lecture's Python under each start method, side by side: the small tree of one traced
 * run, and what the run shows about the lecture's two questions (who is a child's parent, and
 * whether a zombie ever stood under the script). Everything is read from the run's report
 * (the processes its events fold to): nothing about a start method is assumed.
 *
 * Pure data and functions (no runes, no DOM).
 */
import type { LecturePythonOptions } from '../../../contract/ipc';
import type { ProcRole } from '../../../contract/process';
import type { ReportProcess, RunReport } from '../../../contract/report';

/** Python's three start methods, in the lecture's order. */
export const START_METHODS = ['fork', 'spawn', 'forkserver'] as const;
/** One of {@link START_METHODS}. */
export type StartMethod = (typeof START_METHODS)[number];

/** The start methods `platform` (Node's `process.platform`) has: Windows has only spawn. */
export function methodsFor(platform: string): StartMethod[] {
  return platform === 'win32' ? ['spawn'] : [...START_METHODS];
}

/** One process of a compared run's tree. */
export interface CompareNode {
  pid: number;
  name: string;
  role: ProcRole;
  /** Seen in state Z under its first parent (where the tree shows it; not after an adoption). */
  zombie: boolean;
  /** Who collected its exit status, when the trace or the OS said so. */
  reapedBy: { pid: number; name: string } | null;
  pyExitcode: number | null;
  children: CompareNode[];
}

/** Processes started by the program's `Process.start()` (a daemon is one too). */
const isChild = (p: ReportProcess): boolean => p.role === 'child' || p.role === 'daemon';

/** Who reaped each pid (the report's `reaped` events). */
function reapers(r: RunReport): Map<number, { pid: number; name: string }> {
  const out = new Map<number, { pid: number; name: string }>();
  for (const e of r.events) if (e.type === 'reaped' && !out.has(e.pid)) out.set(e.pid, { pid: e.by, name: e.byName });
  return out;
}

/**
 * The run's processes as a tree, each under its first parent (where the OS first showed it:
 * under forkserver, the forkserver). A launcher's shims are folded away (their children hang
 * from the shim's own parent); a process whose parent the run never had is a root.
 */
export function compareTree(r: RunReport): CompareNode[] {
  const byPid = new Map(r.processes.map((p) => [p.pid, p]));
  const reaped = reapers(r);
  const zParent = zombieParents(r);
  const nodes = new Map<number, CompareNode>();
  for (const p of r.processes)
    if (p.role !== 'shim')
      nodes.set(p.pid, {
        pid: p.pid,
        name: p.name,
        role: p.role,
        zombie: zParent.has(p.pid) && zParent.get(p.pid) === (p.ppids[0] ?? p.ppid),
        reapedBy: reaped.get(p.pid) ?? null,
        pyExitcode: p.pyExitcode,
        children: [],
      });
  const parentOf = (p: ReportProcess): number | null => {
    let ppid: number | undefined = p.ppids[0] ?? p.ppid;
    // Up through shims, never round a loop.
    for (let hops = 0; ppid !== undefined && byPid.get(ppid)?.role === 'shim' && hops < 16; hops++)
      ppid = byPid.get(ppid)!.ppids[0];
    return ppid !== undefined && nodes.has(ppid) ? ppid : null;
  };
  const roots: CompareNode[] = [];
  for (const p of r.processes) {
    const node = nodes.get(p.pid);
    if (!node) continue;
    const parent = parentOf(p);
    if (parent === null || parent === p.pid) roots.push(node);
    else nodes.get(parent)!.children.push(node);
  }
  return roots;
}

/** The script itself (the traced program's main). */
export function scriptOf(r: RunReport): ReportProcess | undefined {
  return r.processes.find((p) => p.role === 'main');
}

/** The start method the run's Python used (its own word), else the one asked for. */
export function methodOf(r: RunReport): string | null {
  const asked = r.options.startMethod;
  return r.python?.startMethod ?? (typeof asked === 'string' ? asked : null);
}

/** A run whose answer cannot be trusted: stopped, failed, or not a traced Python run. */
const untold = (r: RunReport): boolean => r.stopped || r.error !== null || !r.python;

/**
 * Who the program's children had as their parent: `main` (the script), `forkserver`, or
 * `other` (another process, or not all the same). Null when the run does not tell.
 */
export function childParent(
  r: RunReport,
): { value: 'main' | 'forkserver' | 'other'; pid: number; name: string; n: number } | null {
  const main = scriptOf(r);
  const children = r.processes.filter(isChild);
  if (untold(r) || !main || children.length === 0) return null;
  const parents = new Set(children.map((c) => c.ppids[0] ?? c.ppid));
  const [pid] = [...parents];
  const parent = r.processes.find((p) => p.pid === pid);
  const value =
    parents.size !== 1 ? 'other' : pid === main.pid ? 'main' : parent?.role === 'forkserver' ? 'forkserver' : 'other';
  return { value, pid: pid!, name: parent?.name ?? `pid ${pid}`, n: children.length };
}

/**
 * Each process the OS showed in state Z, with its parent at that moment, in the run's order
 * of events: a helper (the forkserver, resource_tracker) that ends after the script is
 * re-parented first, and its Z stands under its adopter, not under the script.
 */
function zombieParents(r: RunReport): Map<number, number | undefined> {
  const parent = new Map(r.processes.map((p) => [p.pid, p.ppids[0] ?? p.ppid]));
  const out = new Map<number, number | undefined>();
  for (const e of r.events)
    if (e.type === 'reparented') parent.set(e.pid, e.to);
    else if (e.type === 'state-changed' && e.to === 'Z' && !out.has(e.pid)) out.set(e.pid, parent.get(e.pid));
  return out;
}

/**
 * Whether the OS ever showed a zombie whose parent was the script, and who reaped the
 * program's children (the script's join(), or the forkserver). Null when the run does not tell.
 */
export function zombiesUnderScript(
  r: RunReport,
): { zombies: number[]; reaper: { pid: number; name: string } | null } | null {
  const main = scriptOf(r);
  if (untold(r) || !main) return null;
  const reaped = reapers(r);
  const child = r.processes.find((p) => isChild(p) && reaped.has(p.pid));
  // A launcher's shim (pyenv's bash, before its exec into the script) is not the program's.
  const shims = new Set(r.processes.filter((p) => p.role === 'shim').map((p) => p.pid));
  const zombies = [...zombieParents(r)].flatMap(([pid, parent]) =>
    parent === main.pid && !shims.has(pid) ? [pid] : [],
  );
  return { zombies, reaper: child ? reaped.get(child.pid)! : null };
}

/**
 * The pid of the node that answers a compared run's question: the children's parent, or the
 * zombie under the script (else whoever reaped the children, for "no zombie").
 */
export function answerNode(r: RunReport, question: 'parent' | 'zombie'): number | null {
  if (question === 'parent') return childParent(r)?.pid ?? null;
  const z = zombiesUnderScript(r);
  return z === null ? null : (z.zombies[0] ?? z.reaper?.pid ?? scriptOf(r)?.pid ?? null);
}

/**
 * What a lecture run is asked with: the lecture's program runs as printed, so only the run's own
 * time scale and rate apply (from the experiment's form), and the start method (absent: the
 * platform's default). Plain JSON: no key with an undefined value crosses the door.
 */
export function lectureOptions(values: Record<string, unknown>, startMethod?: StartMethod): LecturePythonOptions {
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  const o = { timeScale: num(values.timeScale), hz: num(values.hz), startMethod };
  return JSON.parse(JSON.stringify(o)) as LecturePythonOptions;
}

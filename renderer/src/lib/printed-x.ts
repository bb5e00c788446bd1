/**
 * The values of `x` a process printed, read from its own output lines (isolation's main prints
 * "主进程的x 100", its child "子进程 改为 x = 2"): the program's own words, so the tree and the
 * lanes show each process's own `x` as it said it, never a value the view worked out.
 */

/** One printed value: when, the value as printed, and the whole line. */
export interface PrintedX {
  t: number;
  value: string;
  line: string;
}

/** `x` followed by a number (`x 100`, `x = 2`, `x=-3.5`), not part of a longer name. */
const X_VALUE = /(?:^|[^A-Za-z_])x\s*=?\s*(-?\d+(?:\.\d+)?)(?![\d.])/;

/** Every value of `x` in `lines`, in order. */
export function printedX(lines: readonly { t: number; line: string }[]): PrintedX[] {
  return lines.flatMap((l) => {
    const m = X_VALUE.exec(l.line);
    return m ? [{ t: l.t, value: m[1]!, line: l.line }] : [];
  });
}

/** The latest value of `x` printed, or null if none was. */
export function lastPrintedX(lines: readonly { t: number; line: string }[]): PrintedX | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const found = printedX([lines[i]!]);
    if (found.length > 0) return found[0]!;
  }
  return null;
}

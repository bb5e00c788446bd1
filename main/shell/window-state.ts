/**
 * The window's size and position between launches, in a small JSON file. Electron-free (the
 * window module passes the displays in), so the rules are tested under plain Node: a broken file
 * means the default size, and a saved position that no display shows any more (a monitor was
 * unplugged) is dropped so the window never opens off-screen.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { safeReadJson } from '../lab/common/safe-read';

const Size = z.number().int().min(200).max(20_000);
const Coord = z.number().int().min(-50_000).max(50_000);

const WindowStateSchema = z.strictObject({
  width: Size,
  height: Size,
  x: Coord.optional(),
  y: Coord.optional(),
  maximized: z.boolean().default(false),
});

/** The window's remembered bounds. */
export type WindowState = z.infer<typeof WindowStateSchema>;

/** A display's usable area (Electron's `Display.workArea`). */
export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The size a first start opens with. */
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false };

/** Reads the saved state; anything missing or invalid gives the default (with a log line if invalid). */
export function loadWindowState(file: string, log: (m: string) => void = () => undefined): WindowState {
  // Not followed through a link, never waited on (a FIFO), size capped: see safe-read.
  const read = safeReadJson(file, 64 * 1024);
  if (read.kind !== 'ok') {
    if (read.kind === 'refused') log(`window state ${file} ${read.reason}; using the default size`);
    return { ...DEFAULT_WINDOW_STATE };
  }
  const raw = read.value;
  const parsed = WindowStateSchema.safeParse(raw);
  if (!parsed.success) {
    log(`window state ${file} rejected; using the default size`);
    return { ...DEFAULT_WINDOW_STATE };
  }
  return parsed.data;
}

/** Writes the state (write then rename, so a crash never leaves half a file). Errors are logged, not thrown. */
export function saveWindowState(file: string, state: WindowState, log: (m: string) => void = () => undefined): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(state)}\n`);
    renameSync(tmp, file);
  } catch (err) {
    log(`could not save the window state: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * The state to open with on these displays: the position is kept only if the window's title bar
 * area lands on one of them; the size is capped to the largest display.
 */
export function fitToDisplays(state: WindowState, displays: readonly Area[]): WindowState {
  if (displays.length === 0) return state;
  const maxW = Math.max(...displays.map((d) => d.width));
  const maxH = Math.max(...displays.map((d) => d.height));
  const width = Math.min(state.width, maxW);
  const height = Math.min(state.height, maxH);
  const { x, y } = state;
  const fitted: WindowState = { width, height, maximized: state.maximized };
  if (x === undefined || y === undefined) return fitted;
  // The top-left 100×40 px (where the title bar is) must be visible to let the user move it.
  const visible = displays.some((d) => x + 100 > d.x && x < d.x + d.width && y >= d.y && y + 40 <= d.y + d.height);
  return visible ? { ...fitted, x, y } : fitted;
}

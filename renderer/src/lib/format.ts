/**
 * Numbers as a student reads them on the tree, the details and the timeline. Units are the
 * same in both languages (ms, s, MiB), so these need no translation.
 */

/** `850 ms`, `1.24 s`, `—` for nothing. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return Math.abs(ms) < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** A run-relative time on an axis: `0`, `250 ms`, `1.5 s` (shorter than {@link formatMs}). */
export function formatTick(ms: number): string {
  if (ms === 0) return '0';
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1000).toFixed(2))} s`;
}

/** Resident memory: `812 KiB`, `54.3 MiB`, `1.2 GiB`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 ** 2) return `${Math.round(bytes / 1024)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

/** CPU % of one core: `0%`, `12%`, `0.4%` (small values keep one decimal: "idle" ≠ "a little"). */
export function formatCpu(cpu: number | null | undefined): string {
  if (cpu === null || cpu === undefined || !Number.isFinite(cpu)) return '—';
  return cpu > 0 && cpu < 1 ? `${cpu.toFixed(1)}%` : `${Math.round(cpu)}%`;
}

/** Python's `Process.exitcode` as it prints: `0`, `-15`, `None` while unknown. */
export function formatExitcode(code: number | null | undefined): string {
  return code === null || code === undefined ? 'None' : String(code);
}

/**
 * The sampling rate as the run used it: "25 Hz, auto" (measured ticks per second, the engine's
 * choice), "2 Hz" (fixed), "auto" while an auto run has no report yet; null when unknown.
 */
export function formatRate(
  optionHz: unknown,
  sampling: { mode: 'auto' | 'fixed'; hz: number } | undefined,
): string | null {
  if (sampling) return sampling.mode === 'auto' ? `${sampling.hz} Hz, auto` : `${sampling.hz} Hz`;
  if (optionHz === 0) return 'auto';
  return typeof optionHz === 'number' ? `${optionHz} Hz` : null;
}

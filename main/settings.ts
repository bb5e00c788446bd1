/**
 * The user's settings, in one small JSON file (the shell puts it under Electron's `userData`;
 * the browser server keeps them in memory). Everything read from disk is validated with the
 * contract's schema: a file that is missing is the defaults; a file that is broken or edited
 * into nonsense is also the defaults, with one clear log line — never a crash at start, and never
 * a half-trusted value. Electron-free, so it is tested under plain Node.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_SETTINGS, type Settings } from '../contract/ipc';
import { SettingsPatchSchema, SettingsSchema, describeIssues } from '../contract/requests';
import type { SettingsAccess } from './lab/host/door';
import { safeReadJson } from './lab/common/safe-read';

/** A settings file is a few hundred bytes; a larger one was not written by the lab. */
const MAX_SETTINGS_BYTES = 64 * 1024;

/** Settings kept in a file (or only in memory when `file` is null). */
export class SettingsStore implements SettingsAccess {
  #file: string | null;
  #log: (message: string) => void;
  #value: Settings;
  #listeners = new Set<(s: Settings) => void>();

  /**
   * @param file the JSON file, or null to keep the settings in memory only.
   * @param log where a rejected settings file is reported.
   */
  constructor(file: string | null, log: (message: string) => void = (m) => console.warn(`process-lab: ${m}`)) {
    this.#file = file;
    this.#log = log;
    this.#value = this.#load();
  }

  /** The current settings (a copy). */
  get(): Settings {
    return { ...this.#value };
  }

  /** Validates and applies a patch, writes the file, tells the listeners; returns the new settings. */
  set(patch: Partial<Settings>): Settings {
    const parsed = SettingsPatchSchema.safeParse(patch);
    if (!parsed.success) throw new Error(describeIssues(parsed.error, 'settings'));
    const defined = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
    this.#value = SettingsSchema.parse({ ...this.#value, ...defined });
    this.#save();
    for (const l of [...this.#listeners]) l(this.get());
    return this.get();
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  onChange(listener: (s: Settings) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  #load(): Settings {
    if (this.#file === null) return { ...DEFAULT_SETTINGS };
    // Not followed through a link, never waited on (a FIFO), size capped: see safe-read.
    const read = safeReadJson(this.#file, MAX_SETTINGS_BYTES);
    if (read.kind === 'missing') return { ...DEFAULT_SETTINGS }; // First start: no file yet.
    if (read.kind === 'refused') {
      this.#log(`settings file ${this.#file} ${read.reason}; using the defaults`);
      return { ...DEFAULT_SETTINGS };
    }
    const raw = read.value;
    // Missing keys take their defaults (a file from an older version); wrong values do not.
    const merged =
      typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? { ...DEFAULT_SETTINGS, ...raw } : raw;
    const parsed = SettingsSchema.safeParse(merged);
    if (!parsed.success) {
      this.#log(
        `settings file ${this.#file} rejected (${describeIssues(parsed.error, 'settings')}); using the defaults`,
      );
      return { ...DEFAULT_SETTINGS };
    }
    return parsed.data;
  }

  #save(): void {
    if (this.#file === null) return;
    try {
      mkdirSync(dirname(this.#file), { recursive: true });
      // Write then rename: a crash mid-write leaves the old file, not half a new one.
      const tmp = `${this.#file}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(this.#value, null, 2)}\n`);
      renameSync(tmp, this.#file);
    } catch (err) {
      this.#log(`could not save settings: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

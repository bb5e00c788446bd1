/**
 * The view's own settings: the defaults a run starts with (sampling rate, time scale), how long
 * an exited process stays greyed in the tree, the interface language, and presentation mode. Kept in the page's
 * `localStorage` (the engine keeps only what the shell needs, such as the language for the tray),
 * and validated on the way in: a hand-edited or stale entry falls back to the defaults.
 */
import { LANGUAGE_SETTINGS, RUN_LIMITS, isValidHz, type Settings } from '../../../contract/ipc';

/** What the user can set in the settings dialog. */
export interface ViewSettings {
  /** Sampling rate of the process table, per second (0 = auto, the default): the default of every run's `hz`. */
  hz: number;
  /** The default of every run's `timeScale` (0.2 = five times faster). */
  timeScale: number;
  /** How long an exited process stays in the tree, greyed, with its exit code, seconds. */
  keepExitedSec: number;
  /** `auto` follows the system's language. */
  language: Settings['language'];
  /** Presentation mode (a projector): larger text, high contrast, tree + timeline + verdict. */
  presentation: boolean;
}

/** The ranges the dialog and the loader accept (hz and timeScale are the engine's own ranges). */
export const SETTING_LIMITS = {
  // 0 is auto; between 0 and the fixed minimum is refused (see isValidHz).
  hz: { min: RUN_LIMITS.hz.auto, max: RUN_LIMITS.hz.max },
  timeScale: RUN_LIMITS.timeScale,
  keepExitedSec: { min: 0, max: 600 },
} as const;

/** The engine's own defaults for `hz` and `timeScale`, so an untouched setting changes nothing. */
export const VIEW_DEFAULTS: Readonly<ViewSettings> = Object.freeze({
  hz: RUN_LIMITS.hz.default,
  timeScale: RUN_LIMITS.timeScale.default,
  keepExitedSec: 10,
  language: 'auto',
  presentation: false,
});

const STORAGE_KEY = 'process-lab.settings.v1';

function inRange(v: unknown, key: keyof typeof SETTING_LIMITS): v is number {
  const { min, max } = SETTING_LIMITS[key];
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
}

/** Keeps each valid field of `raw` and replaces the rest with the defaults. */
export function sanitizeSettings(raw: unknown): ViewSettings {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return {
    hz: isValidHz(o.hz) ? o.hz : VIEW_DEFAULTS.hz,
    timeScale: inRange(o.timeScale, 'timeScale') ? o.timeScale : VIEW_DEFAULTS.timeScale,
    keepExitedSec: inRange(o.keepExitedSec, 'keepExitedSec') ? o.keepExitedSec : VIEW_DEFAULTS.keepExitedSec,
    language: LANGUAGE_SETTINGS.find((l) => l === o.language) ?? 'auto',
    // Only a real `true` turns it on: an older entry without the field, or junk, is off.
    presentation: o.presentation === true,
  };
}

/** The settings as a rune, saved to `localStorage` on every change. */
export class ViewSettingsStore {
  value = $state<ViewSettings>({ ...VIEW_DEFAULTS });
  /** True when the stored language came from the user (not the default). */
  readonly hadStoredLanguage: boolean;
  #storage: Storage | null;

  constructor(storage: Storage | null = typeof localStorage === 'undefined' ? null : localStorage) {
    this.#storage = storage;
    let stored: unknown = null;
    try {
      stored = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null');
    } catch {
      // A broken entry is the defaults, not a crash at start.
    }
    this.value = sanitizeSettings(stored);
    this.hadStoredLanguage = !!stored && typeof stored === 'object' && this.value.language !== 'auto';
  }

  /** Applies a patch (each field validated) and saves it. */
  update(patch: Partial<ViewSettings>): void {
    this.value = sanitizeSettings({ ...this.value, ...patch });
    try {
      this.#storage?.setItem(STORAGE_KEY, JSON.stringify(this.value));
    } catch {
      // Storage full or disabled (a private window): the settings still hold for this session.
    }
  }
}

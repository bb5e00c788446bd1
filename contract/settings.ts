/** The user's settings and the interface's languages: one definition for the shell, the server and the view. */

/** The interface's language settings: `auto` follows the system's locale. */
export const LANGUAGE_SETTINGS = ['auto', 'en', 'zh'] as const;

/** The user's settings (the shell keeps them in a JSON file; the browser server in memory). */
export interface Settings {
  /** Closing the window keeps the app (and its runs) alive in the tray. */
  keepInTray: boolean;
  /** The interface language; `auto` follows the system's locale. */
  language: (typeof LANGUAGE_SETTINGS)[number];
  /**
   * The Python interpreter of traced runs (an absolute path); empty: find `python3`, then
   * `python`, on PATH. Checked before it is kept (a file, executable, a Python ≥ 3.8).
   */
  pythonPath: string;
}

/** Longest interpreter path kept (a path, not a document). */
export const MAX_PYTHON_PATH = 4096;

/** The two languages of the interface. */
export type Language = Exclude<Settings['language'], 'auto'>;

/** The language of a locale (`zh-CN`, `zh-TW`, `zh` → zh; anything else → en): the one rule, for every side. */
export function localeLanguage(locale: string): Language {
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The language to show: the setting, or with `auto` the system's locale (`zh-CN` → zh). */
export function resolveLanguage(setting: Settings['language'], locale: string): Language {
  return setting === 'auto' ? localeLanguage(locale) : setting;
}

/** The settings every installation starts with. */
export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  keepInTray: true,
  language: 'auto',
  pythonPath: '',
});

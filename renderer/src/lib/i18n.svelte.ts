/**
 * The view's i18n layer: i18next holds the strings, a rune holds the language so that every
 * `t()` in a template re-renders when the language changes. Every user-visible string goes
 * through `t()`; the resources live in `locales/<lang>/<area>.ts`, one file per area of the view.
 */
import i18next from 'i18next';
import enApp from '../locales/en/app';
import enCompare from '../locales/en/compare';
import enPython from '../locales/en/python';
import enReplay from '../locales/en/replay';
import enViz from '../locales/en/viz';
import zhApp from '../locales/zh/app';
import zhCompare from '../locales/zh/compare';
import zhPython from '../locales/zh/python';
import zhReplay from '../locales/zh/replay';
import zhViz from '../locales/zh/viz';
import { localeLanguage, type Language } from '../../../contract/ipc';

/** The language's strings: one flat namespace, keys grouped by area (`tree.*`, `race.*`, …). */
const resources = {
  en: { translation: { ...enApp, ...enViz, ...enPython, ...enCompare, ...enReplay } },
  zh: { translation: { ...zhApp, ...zhViz, ...zhPython, ...zhCompare, ...zhReplay } },
};

const i18n = i18next.createInstance();
void i18n.init({
  resources,
  lng: 'zh',
  fallbackLng: 'en',
  initAsync: false, // resources are bundled: ready at once
  interpolation: { escapeValue: false }, // Svelte escapes text itself
  returnNull: false,
});

class Lang {
  /** The current language; setting it re-renders every `t()`. */
  current = $state<Language>('zh');
}

/** The language state (read `lang.current`, or set it through {@link setLanguage}). */
export const lang = new Lang();

/** Switches the interface language. */
export function setLanguage(l: Language): void {
  lang.current = l;
  void i18n.changeLanguage(l);
  if (typeof document !== 'undefined') document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
}

/** The language the system prefers (the browser's or Electron's locale). */
export function systemLanguage(): Language {
  const l = typeof navigator === 'undefined' ? 'zh' : (navigator.languages?.[0] ?? navigator.language ?? 'zh');
  return localeLanguage(l);
}

/**
 * Answers already given, by language, key and values. The resources are bundled and never change,
 * so an answer is fixed by those three; i18next's own lookup (key split, resolve, interpolate,
 * nest) was the largest part of the page's script time redrawing a 500-node tree (bench, CPU
 * profile). Bounded: cleared whole when it grows past {@link MEMO_MAX} (pids make keys unbounded).
 */
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache, never read reactively: the language rune is
const memo = new Map<string, string>();
const MEMO_MAX = 20_000;

/** The memo key, or null when a value is not a plain primitive (then i18next is asked each time). */
function memoKey(l: Language, key: string, values?: Record<string, unknown>): string | null {
  if (values === undefined) return `${l}\u0000${key}`;
  for (const v of Object.values(values)) {
    const type = typeof v;
    if (v !== null && v !== undefined && type !== 'string' && type !== 'number' && type !== 'boolean') return null;
  }
  return `${l}\u0000${key}\u0000${JSON.stringify(values)}`;
}

/** Translates `key` in the current language, with `{{name}}` values. */
export function t(key: string, values?: Record<string, unknown>): string {
  // Reading the rune makes the caller depend on the language.
  const l = lang.current;
  const k = memoKey(l, key, values);
  const known = k === null ? undefined : memo.get(k);
  if (known !== undefined) return known;
  const text = i18n.t(key, { lng: l, ...values });
  if (k !== null) {
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(k, text);
  }
  return text;
}

/** A `{ en, zh }` pair from the engine (experiment titles, option help) in the current language. */
export function pick(b: { en: string; zh: string }): string {
  return lang.current === 'zh' ? b.zh : b.en;
}

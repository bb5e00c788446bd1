/**
 * The view's i18n layer: i18next holds the strings, a rune holds the language so that every
 * `t()` in a template re-renders when the language changes. Every user-visible string goes
 * through `t()`; the resources live in `locales/<lang>/<area>.ts`, one file per area of the view.
 */
import i18next from 'i18next';
import enApp from '../locales/en/app';
import enViz from '../locales/en/viz';
import zhApp from '../locales/zh/app';
import zhViz from '../locales/zh/viz';
import { localeLanguage, type Language } from '../../../contract/ipc';

/** The language's strings: one flat namespace, keys grouped by area (`tree.*`, `race.*`, …). */
const resources = {
  en: { translation: { ...enApp, ...enViz } },
  zh: { translation: { ...zhApp, ...zhViz } },
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

/** Translates `key` in the current language, with `{{name}}` values. */
export function t(key: string, values?: Record<string, unknown>): string {
  // Reading the rune makes the caller depend on the language.
  return i18n.t(key, { lng: lang.current, ...values });
}

/** A `{ en, zh }` pair from the engine (experiment titles, option help) in the current language. */
export function pick(b: { en: string; zh: string }): string {
  return lang.current === 'zh' ? b.zh : b.en;
}

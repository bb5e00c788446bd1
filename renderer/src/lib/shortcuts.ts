/**
 * The app's keyboard shortcuts: one list, used both to act on a key press and to show the
 * shortcuts dialog, so the two cannot disagree. Every action is also a visible button.
 */

/** What a shortcut does. */
export type ShortcutAction =
  'run' | 'stop' | 'next' | 'previous' | 'settings' | 'language' | 'presentation' | 'help' | 'tree';

/** One shortcut: its action, the keys as shown, and the test for a key press. */
export interface Shortcut {
  id: ShortcutAction;
  keys: string;
  /** Allowed while typing in a field (only chords with Ctrl/Alt are). */
  inFields: boolean;
  match(e: KeyboardEvent): boolean;
}

const ctrl = (e: KeyboardEvent): boolean => e.ctrlKey || e.metaKey;

/** Every shortcut, in the order the dialog lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'run', keys: 'Ctrl + Enter', inFields: true, match: (e) => ctrl(e) && e.key === 'Enter' },
  { id: 'stop', keys: 'Ctrl + .', inFields: true, match: (e) => ctrl(e) && e.key === '.' },
  { id: 'next', keys: 'Alt + ↓', inFields: true, match: (e) => e.altKey && e.key === 'ArrowDown' },
  { id: 'previous', keys: 'Alt + ↑', inFields: true, match: (e) => e.altKey && e.key === 'ArrowUp' },
  { id: 'tree', keys: 'Alt + T', inFields: true, match: (e) => e.altKey && e.code === 'KeyT' },
  { id: 'settings', keys: 'Ctrl + ,', inFields: true, match: (e) => ctrl(e) && e.key === ',' },
  { id: 'language', keys: 'Alt + L', inFields: true, match: (e) => e.altKey && e.code === 'KeyL' },
  { id: 'presentation', keys: 'Alt + P', inFields: true, match: (e) => e.altKey && e.code === 'KeyP' },
  { id: 'help', keys: '? / F1', inFields: false, match: (e) => e.key === '?' || e.key === 'F1' },
];

/** True when the key press comes from a place where the user types text. */
function typing(e: KeyboardEvent): boolean {
  const el = e.target;
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;
}

/** The shortcut this key press means, if any. */
export function shortcutFor(e: KeyboardEvent): ShortcutAction | null {
  if (e.defaultPrevented || e.isComposing) return null;
  const s = SHORTCUTS.find((x) => x.match(e));
  if (!s || (!s.inFields && typing(e))) return null;
  return s.id;
}

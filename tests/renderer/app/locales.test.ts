/**
 * Every string exists in both languages (plural forms aside: zh has one), and nothing the view
 * shows is an internal name: every option, choice and fact the engine has gets words in both
 * languages, no label looks like an identifier (camelCase, snake_case), and the Chinese strings
 * use full-width punctuation.
 */
/// <reference types="vite/client" />
import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunReport } from '../../../contract/report';
import FactsView from '../../../renderer/src/components/FactsView.svelte';
import OptionsForm from '../../../renderer/src/components/OptionsForm.svelte';
import { describeFacts } from '../../../renderer/src/lib/facts';
import { setLanguage } from '../../../renderer/src/lib/i18n.svelte';
import enApp from '../../../renderer/src/locales/en/app';
import enCompare from '../../../renderer/src/locales/en/compare';
import enPython from '../../../renderer/src/locales/en/python';
import enReplay from '../../../renderer/src/locales/en/replay';
import enViz from '../../../renderer/src/locales/en/viz';
import zhApp from '../../../renderer/src/locales/zh/app';
import zhCompare from '../../../renderer/src/locales/zh/compare';
import zhPython from '../../../renderer/src/locales/zh/python';
import zhReplay from '../../../renderer/src/locales/zh/replay';
import zhViz from '../../../renderer/src/locales/zh/viz';
import { fixture } from '../fixtures';

afterEach(() => setLanguage('zh'));

const base = (keys: string[]): string[] => [...new Set(keys.map((k) => k.replace(/_(one|other)$/, '')))].sort();
const en: Record<string, string> = { ...enApp, ...enViz, ...enPython, ...enCompare, ...enReplay };
const zh: Record<string, string> = { ...zhApp, ...zhViz, ...zhPython, ...zhCompare, ...zhReplay };
const both = (key: string): boolean => base(Object.keys(en)).includes(key) && base(Object.keys(zh)).includes(key);

/**
 * A word that is a program's name for something, not a student's: `startAllJoinAll`,
 * `cpu_rate`. Code the lecture prints is allowed: a call (`is_alive()`), a dotted name
 * (`kernel.pid_max`, `p1.exitcode`), and `{{placeholders}}`.
 */
export function identifiers(text: string): string[] {
  const plain = text.replace(/\{\{\w+\}\}/g, ' ');
  return [
    ...plain.matchAll(/(?<![\w.])([a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w.(])/g),
  ].map((m) => m[1]!);
}

/**
 * The engine's own source, read as text (the view's tests cannot import the engine: it is Node
 * code): every option (`key: '…'`, with its `choices: [...]`) and every fact it records
 * (`fact('key', …)`), per experiment (its folder's files).
 */
const SOURCES = import.meta.glob<string>(
  ['../../../main/lab/experiments/*.ts', '../../../main/lab/experiments/*/*.ts'],
  {
    query: '?raw',
    import: 'default',
    eager: true,
  },
);
/** The experiment a source file belongs to (`experiments/<id>/info.ts`), or the shared file's name (`options`). */
const fileId = (path: string): string => {
  const parts = path.split('/');
  return parts.at(-2) === 'experiments' ? parts.at(-1)!.replace(/\.ts$/, '') : parts.at(-2)!;
};

interface Opt {
  key: string;
  choices: string[];
}
function engineOptions(): Map<string, Opt[]> {
  const out = new Map<string, Opt[]>();
  for (const [path, src] of Object.entries(SOURCES)) {
    const opts: Opt[] = [];
    for (const m of src.matchAll(/\bkey: '(\w+)'|\bchoices: \[([^\]]*)\]/g)) {
      if (m[1]) opts.push({ key: m[1], choices: [] });
      else if (m[2] && opts.length > 0) opts.at(-1)!.choices = [...m[2].matchAll(/'([^']+)'/g)].map((c) => c[1]!);
    }
    if (opts.length > 0) out.set(fileId(path), [...(out.get(fileId(path)) ?? []), ...opts]);
  }
  return out;
}
function engineFacts(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [path, src] of Object.entries(SOURCES)) {
    const keys = [...src.matchAll(/\bfact\(\s*'([A-Za-z]\w*)'/g)].map((m) => m[1]!);
    if (keys.length > 0) out.set(fileId(path), new Set([...(out.get(fileId(path)) ?? []), ...keys]));
  }
  return out;
}

describe('the locale tables', () => {
  it('have the same keys in English and Chinese', () => {
    expect(base(Object.keys(zhApp))).toEqual(base(Object.keys(enApp)));
    expect(base(Object.keys(zhViz))).toEqual(base(Object.keys(enViz)));
  });

  it('have no empty string', () => {
    for (const [k, v] of [...Object.entries(en), ...Object.entries(zh)]) expect(v.trim(), k).not.toBe('');
  });

  it('name every option and every choice of every experiment, in both languages', () => {
    const all = [...engineOptions().values()].flat();
    // The reading above found the options (a changed source layout must not pass silently).
    expect(all.map((o) => o.key)).toEqual(expect.arrayContaining(['timeScale', 'hz', 'mode', 'end', 'durations']));
    const missing: string[] = [];
    for (const o of all) {
      if (!both(`option.${o.key}`)) missing.push(`option.${o.key}`);
      for (const c of o.choices) if (!both(`choice.${o.key}.${c}`)) missing.push(`choice.${o.key}.${c}`);
    }
    expect(missing).toEqual([]);
  });

  it('give words to every fact the engine records and the facts panel has no row for', () => {
    const missing: string[] = [];
    for (const [id, keys] of engineFacts()) {
      const facts = Object.fromEntries([...keys].map((k) => [k, 1]));
      const report = {
        ...fixture('join').report,
        experiment: id === 'ticket-race' ? 'ticket-race' : id,
        facts,
      } as RunReport;
      const { other } = describeFacts(report);
      for (const row of other) if (!both(`fact.${row.id}`)) missing.push(`${id}: fact.${row.id}`);
    }
    expect(missing).toEqual([]);
  });

  it('show no identifier in a label, in either language', () => {
    const found = Object.entries({ ...en, ...Object.fromEntries(Object.entries(zh).map(([k, v]) => [`zh:${k}`, v])) })
      // Column heads of the lecture's own code (`os.getpid()`…) and the state letters' help are code.
      .flatMap(([k, v]) => identifiers(v).map((id) => `${k}: ${id}`));
    expect(found).toEqual([]);
  });

  it('translate the race modes in Chinese (no raw unsafe / serial / lock)', () => {
    const raw = Object.entries(zh).filter(([k, v]) => /^(choice|race)\.mode\./.test(k) && /unsafe|serial|lock/.test(v));
    expect(raw).toEqual([]);
  });

  it('write Chinese with full-width punctuation', () => {
    const half: string[] = [];
    for (const [k, v] of Object.entries(zh)) {
      if (!/[\u4e00-\u9fff]/.test(v)) continue;
      // A half-width mark touching a Chinese character (or a placeholder before one).
      if (/[\u4e00-\u9fff][:,;?!(]|[:,;?!)][\u4e00-\u9fff]|[\u4e00-\u9fff]\)|\}\}\(/.test(v)) half.push(`${k}: ${v}`);
      if (/"/.test(v)) half.push(`${k}: ${v}`);
    }
    expect(half).toEqual([]);
  });
});

describe('what the view renders', () => {
  it.each(['en', 'zh'] as const)('the options of every experiment show words, never their keys (%s)', (l) => {
    setLanguage(l);
    for (const [id, opts] of engineOptions()) {
      const options = opts.map((o) => ({
        key: o.key,
        common: o.key === 'timeScale' || o.key === 'hz',
        help: { en: '', zh: '' },
        ...(o.choices.length > 0
          ? { kind: 'enum', choices: o.choices, default: o.choices[0] }
          : { kind: 'number', min: 0, max: 1, default: 1 }),
      }));
      const view = render(OptionsForm, {
        experiment: id,
        options: options as never,
        raw: {},
        errors: {},
        disabled: false,
        onchange: () => {},
        onreset: () => {},
      });
      const text = [...view.container.querySelectorAll('label, legend, option')].map((n) => n.textContent ?? '');
      for (const s of text) expect(identifiers(s), `${id}: ${s}`).toEqual([]);
      view.unmount();
    }
  });

  /**
   * A fact no describer row names is labelled by its words (`fact.<key>`, e.g.
   * `parallelAvgCpuPercent`), and the engine's own value names (`unsafe`, `startAllJoinAll`) by
   * theirs (`factValue.<fact>.<value>`).
   */
  it('the facts panel shows no raw fact key or value', () => {
    setLanguage('en');
    for (const name of ['parallel', 'join', 'ticket-race-unsafe']) {
      const view = render(FactsView, { report: fixture(name).report });
      // A table's own cells are read one by one (its whole text runs its heads together).
      const labels = [...view.container.querySelectorAll('dt, th, td, dd')]
        .filter((n) => !n.querySelector('table'))
        .map((n) => n.textContent ?? '');
      expect(labels.flatMap(identifiers), name).toEqual([]);
      expect(screen.queryAllByText(/^(unsafe|serial|lock)$/)).toEqual([]);
      view.unmount();
    }
  });
});

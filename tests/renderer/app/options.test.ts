/** The options form's rules, from the engine's own option descriptions. */
import { describe, expect, it } from 'vitest';
import type { OptionInfo } from '../../../contract/ipc';
import { parseForm, parseOption, toRaw } from '../../../renderer/src/lib/options';

const help = { en: '', zh: '' };
const timeScale: OptionInfo = {
  key: 'timeScale',
  help,
  common: true,
  kind: 'number',
  min: 0.01,
  max: 10,
  default: 1,
  integer: false,
};
const buyers: OptionInfo = {
  key: 'buyers',
  help,
  common: false,
  kind: 'number',
  min: 1,
  max: 50,
  default: 15,
  integer: true,
};
const durations: OptionInfo = {
  key: 'durations',
  help,
  common: false,
  kind: 'numbers',
  min: 0,
  max: 60,
  maxItems: 3,
  default: [1, 2, 3],
};
const schedule: OptionInfo = {
  key: 'schedule',
  help,
  common: false,
  kind: 'string',
  maxLength: 20,
  default: '',
  pattern: '^\\s*(?:[rw][1-9](?:\\s*,\\s*[rw][1-9])*)?\\s*$',
};

describe('parseOption', () => {
  it('numbers: range and integers, with the message to show', () => {
    expect(parseOption(timeScale, '0.2')).toEqual({ ok: true, value: 0.2 });
    expect(parseOption(timeScale, '0')).toEqual({
      ok: false,
      error: { key: 'form.error.range', values: { min: 0.01, max: 10 } },
    });
    expect(parseOption(timeScale, 'fast')).toMatchObject({ ok: false, error: { key: 'form.error.number' } });
    expect(parseOption(buyers, '2.5')).toMatchObject({ ok: false, error: { key: 'form.error.integer' } });
  });
  it('lists: comma-separated, each in range, not too many', () => {
    expect(parseOption(durations, '1, 2,3')).toEqual({ ok: true, value: [1, 2, 3] });
    expect(parseOption(durations, '1,2,3,4')).toMatchObject({ ok: false, error: { key: 'form.error.maxItems' } });
    expect(parseOption(durations, '1,x')).toMatchObject({
      ok: false,
      error: { key: 'form.error.listItem', values: { item: 'x' } },
    });
    expect(toRaw(durations, [1, 2, 3])).toBe('1, 2, 3');
  });
  it('strings: the engine’s pattern', () => {
    expect(parseOption(schedule, 'r1,r2,w1,w2')).toEqual({ ok: true, value: 'r1,r2,w1,w2' });
    expect(parseOption(schedule, 'x1')).toMatchObject({ ok: false, error: { key: 'form.error.pattern' } });
  });
  it('a whole form: the values to send, or every field’s problem', () => {
    expect(parseForm([timeScale, buyers], { timeScale: '0.5' })).toEqual({
      values: { timeScale: 0.5, buyers: 15 },
      errors: {},
    });
    expect(Object.keys(parseForm([timeScale, buyers], { timeScale: '', buyers: '0' }).errors)).toEqual([
      'timeScale',
      'buyers',
    ]);
  });
});

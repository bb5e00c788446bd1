/**
 * The options form's rules, from the engine's own {@link OptionInfo}: what each control shows
 * at first, and how the text a student typed becomes a value — or a message saying what is
 * wrong, before anything is sent. The door checks again (it is the authority); this is so the
 * student learns at the field, not from a refusal.
 */
import type { OptionInfo } from '../../../contract/ipc';

/** What a control holds: the text of an input, or a checkbox's state. */
export type RawValue = string | boolean;

/** A field's problem: an i18n key and its values. */
export interface FieldError {
  key: string;
  values: Record<string, unknown>;
}

export type Parsed = { ok: true; value: unknown } | { ok: false; error: FieldError };

/** The control's first content for a value (`[1, 2, 3]` → `"1, 2, 3"`). */
export function toRaw(info: OptionInfo, value: unknown): RawValue {
  if (info.kind === 'boolean') return value === true;
  if (Array.isArray(value)) return value.join(', ');
  return value === undefined || value === null ? '' : String(value);
}

function parseNumber(text: string): number | null {
  const s = text.trim();
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** Parses one control's content against its option's rules. */
export function parseOption(info: OptionInfo, raw: RawValue): Parsed {
  const bad = (key: string, values: Record<string, unknown> = {}): Parsed => ({ ok: false, error: { key, values } });
  switch (info.kind) {
    case 'boolean':
      return { ok: true, value: raw === true };
    case 'enum':
      return info.choices.includes(String(raw)) ? { ok: true, value: String(raw) } : bad('form.error.choice');
    case 'number': {
      const n = parseNumber(String(raw));
      if (n === null) return bad('form.error.number');
      if (info.integer && !Number.isInteger(n)) return bad('form.error.integer');
      if (n < info.min || n > info.max) return bad('form.error.range', { min: info.min, max: info.max });
      return { ok: true, value: n };
    }
    case 'numbers': {
      const parts = String(raw)
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '');
      if (parts.length === 0) return bad('form.error.list');
      if (parts.length > info.maxItems) return bad('form.error.maxItems', { max: info.maxItems });
      const values: number[] = [];
      for (const p of parts) {
        const n = parseNumber(p);
        if (n === null) return bad('form.error.listItem', { item: p });
        if (n < info.min || n > info.max) return bad('form.error.range', { min: info.min, max: info.max });
        values.push(n);
      }
      return { ok: true, value: values };
    }
    case 'string': {
      const s = String(raw);
      if (s.length > info.maxLength) return bad('form.error.maxLength', { max: info.maxLength });
      if (info.pattern !== null && !new RegExp(info.pattern).test(s)) return bad('form.error.pattern');
      return { ok: true, value: s };
    }
  }
}

/** Every control parsed: the options to send, or each field's problem. */
export function parseForm(
  options: readonly OptionInfo[],
  raw: Record<string, RawValue>,
): { values: Record<string, unknown>; errors: Record<string, FieldError> } {
  const values: Record<string, unknown> = {};
  const errors: Record<string, FieldError> = {};
  for (const info of options) {
    const p = parseOption(info, raw[info.key] ?? toRaw(info, info.default));
    if (p.ok) values[info.key] = p.value;
    else errors[info.key] = p.error;
  }
  return { values, errors };
}

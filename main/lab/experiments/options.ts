/**
 * One description of each experiment option, from which the engine derives its runtime schema
 * (used at the IPC door and by the CLI) and the CLI derives its flags. Writing options once
 * keeps the CLI, the app and the validation from drifting apart.
 */
import { z } from 'zod';
import { RUN_LIMITS } from '../../../contract/ipc';

export interface Bilingual {
  en: string;
  zh: string;
}

interface OptionBase {
  /** camelCase key in the options object; the CLI flag is its kebab-case. */
  key: string;
  help: Bilingual;
}

export type OptionSpec =
  | (OptionBase & { kind: 'number'; min: number; max: number; default: number; integer?: boolean })
  | (OptionBase & { kind: 'numbers'; min: number; max: number; maxItems: number; default: number[] })
  | (OptionBase & { kind: 'enum'; choices: readonly string[]; default: string })
  | (OptionBase & {
      kind: 'boolean';
      default: boolean;
      /** Why this machine cannot honour `true` (asked when the engine describes it), or null. */
      unavailable?: (platform: NodeJS.Platform) => Bilingual | null;
    })
  | (OptionBase & {
      kind: 'string';
      maxLength: number;
      default: string;
      pattern?: RegExp;
      /** The one line shown when `pattern` does not match (else zod's generic message). */
      patternMessage?: string;
    });

/** Options every experiment takes. */
export const COMMON_OPTIONS: OptionSpec[] = [
  {
    key: 'timeScale',
    kind: 'number',
    ...RUN_LIMITS.timeScale,
    help: {
      en: 'multiply every duration (0.2 = five times faster, 3 = three times slower)',
      zh: '所有时长乘以此系数(0.2 = 快五倍,3 = 慢三倍)',
    },
  },
  {
    key: 'hz',
    kind: 'number',
    // 0 is auto (the rate chosen by cost); the sampler rejects 0 < hz < min.
    min: RUN_LIMITS.hz.auto,
    max: RUN_LIMITS.hz.max,
    default: RUN_LIMITS.hz.default,
    help: {
      en: `sampling rate of the process table, per second (0 = auto: as fast as 1 % of a core allows, ${RUN_LIMITS.hz.min}–${RUN_LIMITS.hz.max} fixed)`,
      zh: `进程表采样频率(每秒次数;0 = 自动:在 1% 单核预算内尽量快;${RUN_LIMITS.hz.min}–${RUN_LIMITS.hz.max} 为固定值)`,
    },
  },
];

function fieldSchema(spec: OptionSpec): z.ZodType {
  switch (spec.kind) {
    case 'number': {
      let n = z.number().min(spec.min).max(spec.max);
      if (spec.integer) n = n.int();
      return n.default(spec.default);
    }
    case 'numbers':
      return z.array(z.number().min(spec.min).max(spec.max)).min(1).max(spec.maxItems).default(spec.default);
    case 'enum':
      return z.enum(spec.choices as [string, ...string[]]).default(spec.default);
    case 'boolean':
      return z.boolean().default(spec.default);
    case 'string': {
      let s = z.string().max(spec.maxLength);
      if (spec.pattern) s = s.regex(spec.pattern, spec.patternMessage);
      return s.default(spec.default);
    }
  }
}

/** A strict object schema (unknown keys rejected) built from option specs. */
export function optionsSchema(specs: readonly OptionSpec[]): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const s of [...COMMON_OPTIONS, ...specs]) shape[s.key] = fieldSchema(s);
  return z.strictObject(shape);
}

/** `durations` → `--durations`. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Parses one CLI string for an option; throws an Error whose message is one line a user can
 * act on. Range checks are left to the schema so the rules live in one place.
 */
export function parseCliValue(spec: OptionSpec, raw: string): unknown {
  const number = (s: string): number => {
    const n = Number(s.trim());
    if (s.trim() === '' || !Number.isFinite(n)) throw new Error(`${flagName(spec.key)}: "${s}" is not a number`);
    return n;
  };
  switch (spec.kind) {
    case 'number':
      return number(raw);
    case 'numbers':
      return raw.split(',').map(number);
    case 'enum':
      return raw;
    case 'boolean':
      if (raw === 'true' || raw === '') return true;
      if (raw === 'false') return false;
      throw new Error(`${flagName(spec.key)}: expected true or false, got "${raw}"`);
    case 'string':
      return raw;
  }
}

/**
 * Turns the engine's experiment definitions (which hold functions and RegExps) into the plain,
 * JSON-safe {@link ExperimentInfo} the view receives, and a run into its {@link RunInfo}.
 * Every field is copied, never shared: what crosses the door is data, not the engine's objects.
 */
import type { Bilingual, ExperimentInfo, OptionInfo, RunInfo } from '../../../contract/ipc';
import { COMMON_OPTIONS, optionsSchema, type OptionSpec } from '../experiments/options';
import type { ExperimentDef, ExperimentOptions } from '../experiments/types';
import type { Run } from './run/run';

function bilingual(b: Bilingual): Bilingual {
  return { en: b.en, zh: b.zh };
}

function optionInfo(spec: OptionSpec, common: boolean, platform: NodeJS.Platform): OptionInfo {
  const base = { key: spec.key, help: bilingual(spec.help), common };
  switch (spec.kind) {
    case 'number':
      return { ...base, kind: 'number', min: spec.min, max: spec.max, default: spec.default, integer: !!spec.integer };
    case 'numbers':
      return {
        ...base,
        kind: 'numbers',
        min: spec.min,
        max: spec.max,
        maxItems: spec.maxItems,
        default: [...spec.default],
      };
    case 'enum':
      return { ...base, kind: 'enum', choices: [...spec.choices], default: spec.default };
    case 'boolean': {
      const why = spec.unavailable?.(platform) ?? null;
      return { ...base, kind: 'boolean', default: spec.default, unavailable: why ? bilingual(why) : null };
    }
    case 'string':
      return {
        ...base,
        kind: 'string',
        maxLength: spec.maxLength,
        default: spec.default,
        pattern: spec.pattern?.source ?? null,
      };
  }
}

/**
 * The view's description of one experiment, on this platform. `lecture` is the text of its
 * lecture program (host/python/files.ts reads it from the build: the file that runs is the text shown).
 */
export function experimentInfo(
  def: ExperimentDef,
  lecture: string,
  platform: NodeJS.Platform = process.platform,
): ExperimentInfo {
  const defaults = optionsSchema(def.options).parse({}) as ExperimentOptions;
  const unsupported = def.unsupported?.[platform];
  return {
    id: def.id,
    concepts: [...def.concepts],
    title: bilingual(def.title),
    summary: bilingual(def.summary),
    options: [
      ...COMMON_OPTIONS.map((o) => optionInfo(o, true, platform)),
      ...def.options.map((o) => optionInfo(o, false, platform)),
    ],
    defaults: structuredClone(defaults),
    expectedMs: Math.round(def.expectedMs(defaults)),
    lecture,
    labCode: def.labCode,
    unsupported: unsupported ? bilingual(unsupported) : null,
  };
}

/** What the view needs to know of a run that is going on. */
export function runInfo(run: Run): RunInfo {
  const t = run.target;
  return {
    runId: run.runId,
    experiment: t.kind === 'experiment' ? t.experiment : 'observe',
    mainPid: run.mainPid,
    startedAt: run.startedAt.toISOString(),
    options: t.kind === 'experiment' ? structuredClone(t.options) : { ...t.options, command: [t.command, ...t.args] },
  };
}

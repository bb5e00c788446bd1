/**
 * Every experiment, in the lecture's order, and the one check of a start. The CLI, the tray
 * menu and the view all list experiments from here.
 */
import { daemon } from './daemon/info';
import { isolation } from './isolation/info';
import { join } from './join/info';
import { lifecycle } from './lifecycle/info';
import { orphan } from './orphan/info';
import { parallel } from './parallel/info';
import { spawn } from './spawn/info';
import { ticketRace } from './ticket-race/info';
import { zombie } from './zombie/info';
import { describeIssues } from '../../../contract/requests';
import { LabError } from '../common/errors';
import { optionsSchema } from './options';
import type { ExperimentDef, ExperimentOptions } from './types';

export const EXPERIMENTS: readonly ExperimentDef[] = [
  parallel,
  spawn,
  isolation,
  join,
  lifecycle,
  zombie,
  orphan,
  daemon,
  ticketRace,
];

/** The experiment with this CLI name, if any. */
export function findExperiment(id: string): ExperimentDef | undefined {
  return EXPERIMENTS.find((e) => e.id === id);
}

/**
 * The one check of a start request, for every surface (the door, the CLI, the supervisor): the
 * experiment exists, runs on this platform, and its options pass its own strict schema (unknown
 * keys, wrong types, out-of-range values) and its checks across options. Throws a LabError and
 * changes nothing when it does not; else the experiment and its parsed options.
 */
export function checkStart(id: string, rawOptions: unknown): { def: ExperimentDef; options: ExperimentOptions } {
  const def = findExperiment(id);
  if (!def) throw new LabError('unknown-experiment', `unknown experiment "${id}"`);
  const unsupported = def.unsupported?.[process.platform];
  if (unsupported) throw new LabError('unsupported-platform', unsupported.en);
  const parsed = optionsSchema(def.options).safeParse(rawOptions);
  if (!parsed.success) throw new LabError('bad-options', describeIssues(parsed.error, 'options'));
  const options = parsed.data as ExperimentOptions;
  def.validate?.(options);
  return { def, options };
}

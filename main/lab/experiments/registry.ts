/**
 * Every experiment, in the lecture's order. The CLI, the tray menu and the view all list
 * experiments from here.
 */
import { daemon } from './daemon';
import { isolation } from './isolation';
import { join } from './join';
import { lifecycle } from './lifecycle';
import { orphan } from './orphan';
import { parallel } from './parallel';
import { spawn } from './spawn';
import { ticketRace } from './ticket-race';
import { zombie } from './zombie';
import type { ExperimentDef } from './types';

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

/**
 * Every experiment, in the lecture's order. The CLI, the tray menu and the view all list
 * experiments from here.
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

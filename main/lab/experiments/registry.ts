/**
 * Every experiment, in the lecture's order. The CLI, the tray menu and the view all list
 * experiments from here.
 */
import { daemon } from './daemon';
import { join } from './join';
import { lifecycle } from './lifecycle';
import type { ExperimentDef } from './types';

export const EXPERIMENTS: readonly ExperimentDef[] = [join, lifecycle, daemon];

/** The experiment with this CLI name, if any. */
export function findExperiment(id: string): ExperimentDef | undefined {
  return EXPERIMENTS.find((e) => e.id === id);
}

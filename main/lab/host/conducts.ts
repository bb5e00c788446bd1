/**
 * Every experiment's conduct (`experiments/<id>/conduct.ts`), by id: what the supervisor does,
 * in the app's process, while the run's main runs. Experiments without one just run.
 */
import type { Conduct } from './run/run';
import { conduct as parallel } from '../experiments/parallel/conduct';
import { conduct as spawn } from '../experiments/spawn/conduct';
import { conduct as lifecycle } from '../experiments/lifecycle/conduct';
import { conduct as zombie } from '../experiments/zombie/conduct';
import { conduct as orphan } from '../experiments/orphan/conduct';
import { conduct as daemon } from '../experiments/daemon/conduct';
import { conduct as ticketRace } from '../experiments/ticket-race/conduct';

export const CONDUCTS: Readonly<Record<string, Conduct>> = {
  parallel,
  spawn,
  lifecycle,
  zombie,
  orphan,
  daemon,
  'ticket-race': ticketRace,
};

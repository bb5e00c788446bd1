/**
 * Every experiment's script (`experiments/<id>/main.ts`), by id. Loaded only by the run's main
 * child (`lab-main.ts`): the app's process never loads these, nor the tasks they start.
 */
import type { MainScript } from './main-context';
import { main as parallel } from '../experiments/parallel/main';
import { main as spawn } from '../experiments/spawn/main';
import { main as isolation } from '../experiments/isolation/main';
import { main as join } from '../experiments/join/main';
import { main as lifecycle } from '../experiments/lifecycle/main';
import { main as zombie } from '../experiments/zombie/main';
import { main as orphan } from '../experiments/orphan/main';
import { main as daemon } from '../experiments/daemon/main';
import { main as ticketRace } from '../experiments/ticket-race/main';

export const MAIN_SCRIPTS: Readonly<Record<string, MainScript>> = {
  parallel,
  spawn,
  isolation,
  join,
  lifecycle,
  zombie,
  orphan,
  daemon,
  'ticket-race': ticketRace,
};

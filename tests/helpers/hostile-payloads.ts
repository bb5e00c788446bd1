/**
 * Generated hostile requests (fast-check) for the fuzz tests of the door and of the browser
 * server's WebSocket: per call channel, payloads that must be refused. Anything a generator
 * makes by chance that is a valid request is dropped (checked with the contract's schemas and
 * the experiment's own), so every case left must come back as a typed refusal.
 */
import fc from 'fast-check';
import { LAB_METHODS, LAB_SIGNALS, type LabMethod } from '../../contract/ipc';
import { REQUEST_SCHEMAS } from '../../contract/requests';
import { findExperiment } from '../../main/lab/experiments';
import { optionsSchema } from '../../main/lab/experiments/options';

/** Cases per channel: the issue asks for ≥ 1,000. */
export const CASES_PER_CHANNEL = 1000;

const nasty = fc.oneof(
  fc.constantFrom('../../etc/passwd', '__proto__', 'constructor', '', ' ', '\u0000', 'x'.repeat(5000), 'NaN', '-1'),
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, 1, 1.5, 2 ** 31, 2 ** 53, -0),
  fc.constantFrom(null, undefined, true, false, [], {}),
  fc.string({ maxLength: 80 }),
  fc.integer(),
  fc.double(),
);
const hostileObject = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 20 }), nasty, { maxKeys: 6 }),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true}}') as unknown),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
  fc.record({ timeScale: nasty, hz: nasty }),
  fc.record({ children: fc.integer({ min: 2001, max: 1e9 }), pileUp: nasty }),
  fc.record({ buyers: fc.integer({ min: 51 }), mode: nasty }),
);
const value = fc.oneof(nasty, hostileObject, fc.anything({ maxDepth: 3 }));

/** A pid-ish value: never a real pid except the `bystanders` given (our own sleeps). */
const pidish = (bystanders: readonly number[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(...bystanders),
    fc.constantFrom(0, 1, -1, -2, 1.5, NaN, 2 ** 31, '1', '1; rm -rf /', null),
    fc.integer({ max: 0 }),
  );

/** Hostile argument lists for `method`. */
function argsFor(method: LabMethod, bystanders: readonly number[]): fc.Arbitrary<unknown> {
  const any = fc.oneof(value, fc.array(value, { maxLength: 4 }));
  switch (method) {
    case 'runExperiment':
      return fc.oneof(
        any,
        fc.tuple(fc.constantFrom('join', 'zombie', 'ticket-race', 'parallel', 'spawn'), hostileObject),
        fc.tuple(nasty, fc.constant({})),
        fc.tuple(fc.constant('join'), fc.constant({}), value),
      );
    case 'signal':
      return fc.oneof(
        any,
        fc.tuple(pidish(bystanders), fc.oneof(fc.constantFrom(...LAB_SIGNALS), nasty)),
        fc.tuple(pidish(bystanders), fc.constantFrom('SIGSEGV', 'SIGHUP', 9, 'kill', '')),
      );
    case 'reap':
      return fc.oneof(any, fc.tuple(pidish(bystanders)));
    case 'stopRun':
      return fc.oneof(any, fc.tuple(fc.oneof(nasty, fc.stringMatching(/^r[0-9a-z]{1,16}$/))));
    case 'setSettings':
      return fc.oneof(
        any,
        fc.tuple(hostileObject),
        fc.tuple(fc.record({ language: nasty, keepInTray: nasty }, { requiredKeys: [] })),
      );
    default:
      return any;
  }
}

/** Whether `args` would be a valid request (those are not hostile and are dropped). */
export function valid(method: LabMethod, args: unknown): boolean {
  const parsed = REQUEST_SCHEMAS[method].safeParse(args);
  if (!parsed.success) return false;
  if (method === 'runExperiment') {
    const [id, opts] = parsed.data as [string, unknown];
    const def = findExperiment(id);
    return !!def && optionsSchema(def.options).safeParse(opts).success;
  }
  // A valid stopRun / signal / reap names no run or lab process here (none is running): it is
  // refused by the engine (unknown-run, not-lab-process), and kept as a hostile case.
  return !['stopRun', 'signal', 'reap'].includes(method);
}

/** `n` hostile argument lists for each channel, generated with a fixed seed. */
export function hostileCases(
  bystanders: readonly number[],
  seed = 12,
  n = CASES_PER_CHANNEL,
): Map<LabMethod, unknown[]> {
  const out = new Map<LabMethod, unknown[]>();
  for (const method of LAB_METHODS) {
    const arb = argsFor(method, bystanders).filter((a) => !valid(method, a));
    out.set(method, fc.sample(arb, { numRuns: n, seed }));
  }
  return out;
}

/** Channel names that are not the contract's (refused as `unknown-channel`). */
export function hostileChannels(n: number, seed = 12): unknown[] {
  return fc.sample(
    fc.oneof(
      fc.string({ maxLength: 100 }),
      fc.constantFrom('process-lab:call:eval', 'process-lab:call:__proto__', 'process-lab:push:events', ''),
      nasty,
    ),
    { numRuns: n, seed },
  );
}

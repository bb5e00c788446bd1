/** Error codes the engine gives back; the IPC door and the CLI show them as they are. */
export type LabErrorCode =
  | 'not-lab-process' // the pid is not one the lab started (or it has ended)
  | 'unsupported-platform' // e.g. SIGSTOP on Windows
  | 'bad-options' // an experiment option failed validation
  | 'unknown-experiment'
  | 'busy' // a run is already going where only one is allowed
  | 'not-possible' // the action makes no sense for this process now
  | 'run-ended'; // waited for something in a run whose processes are all gone (it was stopped)

/** An error meant for the user: a code the UI can translate and a one-line message. */
export class LabError extends Error {
  constructor(
    readonly code: LabErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LabError';
  }
}

/** en strings for replaying a run: the playhead, opening a saved run and its problems. */
export default {
  // ---- replay and "Open run…" ----
  'replay.title': 'Replay',
  'replay.open': 'Open run…',
  'replay.stepBack': 'Previous event (←)',
  'replay.stepForward': 'Next event (→)',
  'replay.playShort': 'Play',
  'replay.pauseShort': 'Pause',
  'replay.play': 'Play (Space)',
  'replay.pause': 'Pause (Space)',
  'replay.playhead':
    'Playhead: ← and → step from event to event, Home and End go to the start and the end, Space plays',
  'replay.at': '{{at}} of {{end}}',
  'replay.speed': 'Speed',
  'replay.events': 'event {{n}} of {{total}}',
  'replay.close': 'Back to the end',
  'replay.treeAt': 'replay: the processes as they were at {{at}}',
  'replay.recordedOn': 'opened from a file: recorded on {{os}}, {{machine}}',
  'replay.cores_one': '{{count}} core',
  'replay.cores_other': '{{count}} cores',
  'replay.problem.notJson': 'This file is not JSON ({{detail}}): nothing was opened.',
  'replay.problem.notReport':
    'This file is not a Process Lab run (it has no experiment or events): nothing was opened.',
  'replay.problem.newer':
    'This run was saved by a newer Process Lab (report format {{format}}; this one reads format {{ours}}): nothing was opened.',
  'replay.problem.older':
    'This run was saved by an older Process Lab (report format {{format}}; this one reads format {{ours}}): nothing was opened.',
  'replay.problem.invalid':
    'This file is damaged, or not a run report this version can read ({{detail}}): nothing was opened.',
} satisfies Record<string, string>;

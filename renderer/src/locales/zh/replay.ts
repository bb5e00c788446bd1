/** zh strings for replaying a run: the playhead, opening a saved run and its problems. */
export default {
  // ---- 回放与“打开运行记录…” ----
  'replay.title': '回放',
  'replay.open': '打开运行记录…',
  'replay.stepBack': '上一个事件（←）',
  'replay.stepForward': '下一个事件（→）',
  'replay.playShort': '播放',
  'replay.pauseShort': '暂停',
  'replay.play': '播放（空格）',
  'replay.pause': '暂停（空格）',
  'replay.playhead': '播放头：← 与 → 逐个事件移动，Home 与 End 到开头与结尾，空格播放',
  'replay.at': '{{at}} / {{end}}',
  'replay.speed': '速度',
  'replay.events': '第 {{n}} 个事件，共 {{total}} 个',
  'replay.close': '回到结尾',
  'replay.treeAt': '回放：{{at}} 时的进程',
  'replay.recordedOn': '从文件打开：录制于 {{os}}，{{machine}}',
  'replay.cores': '{{count}} 核',
  'replay.problem.notJson': '此文件不是 JSON（{{detail}}）：未打开任何内容。',
  'replay.problem.notReport': '此文件不是进程实验室的运行记录（没有实验或事件）：未打开任何内容。',
  'replay.problem.newer':
    '此运行记录由更新版本的进程实验室保存（报告格式 {{format}}，本版本读取格式 {{ours}}）：未打开任何内容。',
  'replay.problem.older':
    '此运行记录由更旧版本的进程实验室保存（报告格式 {{format}}，本版本读取格式 {{ours}}）：未打开任何内容。',
  'replay.problem.invalid': '此文件已损坏，或不是本版本能读取的运行记录（{{detail}}）：未打开任何内容。',
} satisfies Record<string, string>;

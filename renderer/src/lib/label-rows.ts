/**
 * Labels that must not overlap on the timeline (the run's marks, which often crowd its end:
 * "main exits", "spawn ends", "main's code finished"): each goes to the first row where it
 * clears its neighbours, and past the last row a label is left to its tooltip.
 */

/** About how wide `text` is drawn at `px` (no layout to ask in an SVG being built): CJK is square. */
export function textWidth(text: string, px: number): number {
  let w = 0;
  for (const ch of text) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? px : px * 0.6;
  return w;
}

/** A label to place: where its anchor is, how wide it is, and which way it runs from the anchor. */
export interface LabelBox {
  x: number;
  width: number;
  anchor: 'start' | 'end';
}

/**
 * The row of each label (0 = first), in input order, or null when all `maxRows` rows are taken
 * where it would go. Labels are placed left to right; `gap` px is kept between two on a row.
 */
export function stackRows(boxes: readonly LabelBox[], maxRows: number, gap = 6): Array<number | null> {
  const left = (b: LabelBox): number => (b.anchor === 'start' ? b.x : b.x - b.width);
  const order = boxes.map((b, i) => i).sort((a, b) => left(boxes[a]!) - left(boxes[b]!));
  const ends: number[] = [];
  const rows: Array<number | null> = boxes.map(() => null);
  for (const i of order) {
    const b = boxes[i]!;
    const l = left(b);
    let r = ends.findIndex((end) => l >= end + gap);
    if (r === -1 && ends.length < maxRows) r = ends.length;
    if (r === -1) continue;
    ends[r] = l + b.width;
    rows[i] = r;
  }
  return rows;
}

/** A run mark's label as placed below the lanes: its text, where it runs from, and its row (null: tooltip only). */
export interface PlacedMarkLabel extends LabelBox {
  text: string;
  inView: boolean;
  row: number | null;
}

/**
 * The marks' labels below the lanes, each on the first row where it overlaps no other (a label
 * near the plot's right edge ends at its line); past the last of `maxRows` a mark keeps its
 * tooltip, and a mark out of view takes no room.
 */
export function placeMarkLabels(
  marks: readonly { t: number; text: string }[],
  x: (t: number) => number,
  plot: readonly [number, number],
  fontPx: number,
  maxRows: number,
): PlacedMarkLabel[] {
  const boxes = marks.map((m) => {
    const mx = x(m.t);
    const width = textWidth(m.text, fontPx);
    const anchor: 'start' | 'end' = plot[1] - mx < width + 6 ? 'end' : 'start';
    return {
      text: m.text,
      x: anchor === 'end' ? mx - 3 : mx + 3,
      width,
      anchor,
      inView: mx >= plot[0] && mx <= plot[1],
    };
  });
  const rows = stackRows(
    boxes.map((b) => (b.inView ? b : { ...b, width: 0 })),
    maxRows,
  );
  return boxes.map((b, i) => ({ ...b, row: b.inView ? rows[i]! : null }));
}

import { tallyKey } from './tallied-counter.ts';

type Value = string | number;
interface Level {
  next: Map<Value, Level>;
  key: string | undefined;
}

/**
 * The keys of label values (see `tallyKey`), interned: the same values asked for again cost a
 * lookup per value, not a new string to build and then hash in the tally's map, which counting
 * every request and every node pays several times over. One key is kept per label set asked
 * for; the callers keep those bounded (label-cap.ts).
 */
export class TallyKeys {
  private readonly root: Level = { next: new Map(), key: undefined };

  of(...values: Value[]): string {
    let level = this.root;
    for (const value of values) {
      let next = level.next.get(value);
      if (!next) {
        next = { next: new Map(), key: undefined };
        level.next.set(value, next);
      }
      level = next;
    }
    level.key ??= tallyKey(...values);
    return level.key;
  }
}

/**
 * The incident groups this container saw busy lately — claimed, told or folded here — kept
 * for the life of the container (a Lambda execution environment, or one CLI run). It decides
 * one thing only: whether a lone stop's first reads may start before the store has said it is
 * to be diagnosed (`prefetchRoundOne`). A stop of a group seen busy waits for the store: it is
 * probably folded, and reads for it would be spent for nothing. Bounded: the oldest entries
 * go first.
 */
export class RecentGroups {
  readonly #until = new Map<string, number>();
  readonly #capacity: number;

  constructor(capacity = 1000) {
    this.#capacity = capacity;
  }

  /** True when the group was seen busy and that may still hold at `now`. */
  busy(group: string, now: Date): boolean {
    const until = this.#until.get(group);
    return until !== undefined && until > now.getTime();
  }

  /** The group was claimed, told or folded: busy, as far as this container knows, until `until`. */
  remember(group: string, until: Date): void {
    this.#until.delete(group);
    this.#until.set(group, until.getTime());
    if (this.#until.size > this.#capacity) {
      const oldest = this.#until.keys().next().value;
      if (oldest !== undefined) this.#until.delete(oldest);
    }
  }

  /** The group's handling failed here and was given back: nothing known of it. */
  forget(group: string): void {
    this.#until.delete(group);
  }
}

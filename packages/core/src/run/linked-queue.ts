export interface QueueEntry<T> {
  readonly value: T;
  prev: QueueEntry<T> | undefined;
  next: QueueEntry<T> | undefined;
}

/** First in, first out, and an entry can also leave from the middle; every step is O(1). */
export class LinkedQueue<T> {
  size = 0;
  private head: QueueEntry<T> | undefined;
  private tail: QueueEntry<T> | undefined;

  push(value: T): QueueEntry<T> {
    const entry: QueueEntry<T> = { value, prev: this.tail, next: undefined };
    if (this.tail) this.tail.next = entry;
    else this.head = entry;
    this.tail = entry;
    this.size++;
    return entry;
  }

  shift(): T | undefined {
    const entry = this.head;
    if (!entry) return undefined;
    this.remove(entry);
    return entry.value;
  }

  /** Takes out an entry this queue handed out and still holds. */
  remove(entry: QueueEntry<T>): void {
    if (entry.prev) entry.prev.next = entry.next;
    else this.head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.tail = entry.prev;
    entry.prev = undefined;
    entry.next = undefined;
    this.size--;
  }
}

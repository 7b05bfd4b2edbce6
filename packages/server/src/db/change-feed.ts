import type { Db, Listen } from "./client.ts";

/** Channel the audit trigger notifies, with the changed table's name (migration 0012). */
export const CHANGE_CHANNEL = "zhifa_change";

/** `null`: anything may have changed (a local commit, or notifications were interrupted). */
export type ChangeListener = (table: string | null) => void;

/**
 * What changed in the database, as far as this process knows (decision 003). Caches built on
 * it are used only while it is `live`: notifications of every committed write, from any server
 * process, are arriving. Commits made by this process are reported at once, before the
 * notification comes back, so a process always reads its own writes.
 */
export class ChangeFeed {
  private listeners = new Set<ChangeListener>();
  private isLive = false;

  get live(): boolean {
    return this.isLive;
  }

  subscribe(listener: ChangeListener): void {
    this.listeners.add(listener);
  }

  changed(table: string | null): void {
    for (const l of this.listeners) l(table);
  }

  setLive(live: boolean): void {
    this.isLive = live;
    this.changed(null);
  }

  /** Starts listening; returns the function that stops it. */
  async start(db: Db, listen: Listen): Promise<() => Promise<void>> {
    const stopLocal = onCommit(db, () => this.changed(null));
    const stop = await listen(CHANGE_CHANNEL, (table) => this.changed(table || null), (live) => this.setLive(live));
    return async () => {
      stopLocal();
      await stop();
    };
  }
}

const commitListeners = new WeakMap<Db, Set<() => void>>();

/** Calls `fn` after every transaction `mutate` commits on this database handle. */
export function onCommit(db: Db, fn: () => void): () => void {
  let set = commitListeners.get(db);
  if (!set) commitListeners.set(db, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}

/** Called by `mutate` after a commit. */
export function committed(db: Db): void {
  const set = commitListeners.get(db);
  if (set) for (const fn of set) fn();
}

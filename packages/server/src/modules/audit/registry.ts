import type { Db } from "../../db/client.ts";
import type { Actor, Owned } from "../../core/policy.ts";

/** How the history of rows of one table may be read: who owns a row, and who may read it. */
export interface HistorySource {
  /** Chinese name of the record kind, for messages. */
  label: string;
  owner(db: Db, rowId: string): Promise<Owned | null>;
  canRead(actor: Actor, owner: Owned): boolean;
}

export const historySources = new Map<string, HistorySource>();

export function registerHistory(table: string, source: HistorySource): void {
  historySources.set(table, source);
}

import { sql } from "drizzle-orm";
import { rows, type Db, type Listen, type Tx } from "./client.ts";

/** Channel the audit trigger notifies, with the changed table's name (migration 0012). */
export const CHANGE_CHANNEL = "zhifa_change";

/** `null`: anything may have changed (notifications were interrupted, or a write we cannot name). */
export type ChangeListener = (table: string | null) => void;

/**
 * What changed in the database, as far as this process knows (decision 003). Caches built on
 * it are used only while it is `live`: notifications of every committed write, from any server
 * process, are arriving. Commits made by this process are reported at once, with the tables
 * they wrote, before the notification comes back, so a process always reads its own writes.
 */
export class ChangeFeed {
  private listeners = new Set<ChangeListener>();
  private isLive = false;
  /** Tables whose rows a write to the key table may change too (foreign keys with cascading actions). */
  private cascades = new Map<string, string[]>();

  get live(): boolean {
    return this.isLive;
  }

  subscribe(listener: ChangeListener): void {
    this.listeners.add(listener);
  }

  changed(table: string | null): void {
    for (const l of this.listeners) l(table);
  }

  /** A local commit wrote these tables (`null`: unknown, so anything). */
  changedTables(tables: ReadonlySet<string> | null): void {
    if (tables === null) return this.changed(null);
    const all = new Set<string>();
    const add = (t: string) => {
      if (all.has(t)) return;
      all.add(t);
      for (const c of this.cascades.get(t) ?? []) add(c);
    };
    for (const t of tables) add(t);
    for (const t of all) this.changed(t);
  }

  setLive(live: boolean): void {
    this.isLive = live;
    this.changed(null);
  }

  /** Starts listening; returns the function that stops it. */
  async start(db: Db, listen: Listen): Promise<() => Promise<void>> {
    // a write may change rows of other tables through ON DELETE/ON UPDATE actions: those count too
    const fks = await rows<{ child: string; parent: string }>(
      db,
      sql`select c.relname as child, p.relname as parent from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
           where k.contype = 'f' and (k.confdeltype not in ('a', 'r') or k.confupdtype not in ('a', 'r'))`,
    );
    this.cascades = new Map();
    for (const f of fks) this.cascades.set(f.parent, [...(this.cascades.get(f.parent) ?? []), f.child]);
    const stopLocal = onCommit(db, (tables) => this.changedTables(tables));
    feeds.set(db, this);
    const stop = await listen(CHANGE_CHANNEL, (table) => this.changed(table || null), (live) => this.setLive(live));
    return async () => {
      stopLocal();
      if (feeds.get(db) === this) feeds.delete(db);
      await stop();
    };
  }
}

const feeds = new WeakMap<Db | Tx, ChangeFeed>();

/** The change feed started on this database handle (none for a transaction handle or before start). */
export function feedOf(db: Db | Tx): ChangeFeed | undefined {
  return feeds.get(db);
}

/** `tables`: the tables the transaction wrote, or null if that is not known (anything may have changed). */
export type CommitListener = (tables: ReadonlySet<string> | null) => void;

const commitListeners = new WeakMap<Db, Set<CommitListener>>();

/** Calls `fn` after every transaction `mutate` commits on this database handle. */
export function onCommit(db: Db, fn: CommitListener): () => void {
  let set = commitListeners.get(db);
  if (!set) commitListeners.set(db, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}

/** Called by `mutate` after a commit, with the tables the transaction wrote (null: unknown). */
export function committed(db: Db, tables: ReadonlySet<string> | null = null): void {
  const set = commitListeners.get(db);
  if (set) for (const fn of set) fn(tables);
}

// ---------------------------------------------------------------------------------------
// Which tables a statement writes
// ---------------------------------------------------------------------------------------

const NAME = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
const WRITE = new RegExp(String.raw`\b(?:insert\s+into|update|delete\s+from|merge\s+into)\s+(?:only\s+)?(${NAME}(?:\s*\.\s*${NAME})?)`, "gi");
/** Statements that may write tables we cannot name from their text. */
const OPAQUE = /^\s*(?:call|do|copy|truncate|alter|drop|create|grant|revoke|lock|comment|refresh|import|cluster|vacuum|reindex|security|execute)\b/i;
/** Words that can follow UPDATE without being a table (`for update`, `on conflict do update set`). */
const NOT_TABLES = new Set(["set", "of", "nowait", "skip"]);

const unquote = (n: string) => (n.startsWith('"') ? n.slice(1, -1).replace(/""/g, '"') : n.toLowerCase());

/**
 * The tables a SQL statement writes, from its text: INSERT INTO, UPDATE, DELETE FROM and MERGE
 * INTO targets (also inside CTEs); `null` when it may write tables its text does not name
 * (DDL, TRUNCATE, COPY, CALL, DO). Functions called by a SELECT write nothing but the audit
 * trail here (the only functions are the audit and append-only triggers).
 */
export function writtenTables(text: string): readonly string[] | null {
  let known = parsedTexts.get(text);
  if (known === undefined) {
    known = parseWrittenTables(text);
    // statements are mostly the same few texts: remember them (bounded)
    if (parsedTexts.size >= 2_000) parsedTexts.clear();
    parsedTexts.set(text, known);
  }
  return known;
}
const parsedTexts = new Map<string, readonly string[] | null>();

function parseWrittenTables(text: string): string[] | null {
  if (OPAQUE.test(text)) return null;
  const out: string[] = [];
  for (const m of text.matchAll(WRITE)) {
    const parts = m[1]!.split(/\s*\.\s*(?=[A-Za-z_"])/);
    const table = unquote(parts[parts.length - 1]!);
    if (!NOT_TABLES.has(table)) out.push(table);
  }
  return out;
}

/**
 * Workflow definitions as data (R-CASE-01, R-LIST-08): the built-ins are stored on first
 * start; an administrator adapts one by saving a new version, which new cases start on.
 * Running cases keep the version they were opened with.
 */
import { and, asc, desc, eq, getTableName } from "drizzle-orm";
import { builtInWorkflows, validateWorkflow, type WorkflowDefinition } from "@zhifa/domain";
import type { Db, Tx } from "../../db/client.ts";
import { mutate, systemContext, type AuditContext } from "../../db/audit.ts";
import { cachedRead } from "../../db/notified-cache.ts";
import { errors, AppError } from "../../core/errors.ts";
import { workflowDefinitions } from "./tables.ts";

export type WorkflowRow = typeof workflowDefinitions.$inferSelect;

/** Stores every built-in definition whose key is not stored yet (idempotent). */
export async function ensureWorkflows(db: Db): Promise<number> {
  const stored = new Set((await db.select({ key: workflowDefinitions.key }).from(workflowDefinitions)).map((r) => r.key));
  const missing = builtInWorkflows().filter((d) => !stored.has(d.key));
  if (missing.length === 0) return 0;
  await mutate(db, systemContext("setup", "workflow.builtin"), async (tx) => {
    for (const d of missing) {
      await tx
        .insert(workflowDefinitions)
        .values({ key: d.key, version: d.version, actionType: d.actionType, name: d.name, definition: d, current: true, createdBy: "system:setup" })
        .onConflictDoNothing();
    }
  });
  return missing.length;
}

/** The definitions new cases start on, one per key. */
export async function currentWorkflows(db: Db | Tx): Promise<WorkflowRow[]> {
  return db.select().from(workflowDefinitions).where(eq(workflowDefinitions.current, true)).orderBy(asc(workflowDefinitions.actionType), asc(workflowDefinitions.key));
}

/** Stored versions change only when an administrator saves one: kept per process until then (decision 003). */
const WORKFLOW_TABLES = [getTableName(workflowDefinitions)];

export async function currentWorkflow(db: Db | Tx, key: string): Promise<WorkflowRow> {
  const row = await cachedRead(db, "workflow.current", key, WORKFLOW_TABLES, async () => {
    const [r] = await db.select().from(workflowDefinitions).where(and(eq(workflowDefinitions.key, key), eq(workflowDefinitions.current, true)));
    return r ?? null;
  });
  if (!row) throw errors.notFound("执法流程");
  return row;
}

export async function workflowById(db: Db | Tx, id: string): Promise<WorkflowRow> {
  const row = await cachedRead(db, "workflow.id", id, WORKFLOW_TABLES, async () => {
    const [r] = await db.select().from(workflowDefinitions).where(eq(workflowDefinitions.id, id));
    return r ?? null;
  });
  if (!row) throw errors.notFound("执法流程");
  return row;
}

/**
 * The definition of a stored version. A version's definition never changes (a change is a new
 * version), so each process keeps the ones it has read: the gates run on every request.
 */
const definitions = new Map<string, WorkflowDefinition>();
export async function definitionOf(db: Db | Tx, workflowId: string): Promise<WorkflowDefinition> {
  const known = definitions.get(workflowId);
  if (known) return known;
  const def = (await workflowById(db, workflowId)).definition;
  definitions.set(workflowId, def);
  return def;
}

export async function workflowVersions(db: Db | Tx, key: string): Promise<WorkflowRow[]> {
  return db.select().from(workflowDefinitions).where(eq(workflowDefinitions.key, key)).orderBy(desc(workflowDefinitions.version));
}

/**
 * Saves an adapted definition as the next version of its key and makes it current. The
 * previous versions stay, and cases opened on them keep them.
 */
export async function saveWorkflowVersion(db: Db, ctx: AuditContext, key: string, definition: Omit<WorkflowDefinition, "version" | "key">): Promise<WorkflowRow> {
  return mutate(db, ctx, async (tx) => {
    const [latest] = await tx.select().from(workflowDefinitions).where(eq(workflowDefinitions.key, key)).orderBy(desc(workflowDefinitions.version)).limit(1).for("update");
    if (!latest) throw errors.notFound("执法流程");
    // only the definition's own fields are kept (a client may send back what it was shown)
    const { name, actionType, procedure, caseLimit, caseLimitEndsAt, stages } = definition;
    const def = { key, version: latest.version + 1, name, actionType, procedure, caseLimit, caseLimitEndsAt, stages } as WorkflowDefinition;
    if (def.actionType !== latest.actionType) throw new AppError("workflow_invalid", 400, "不能改变流程的执法行为类别", [{ field: "actionType", message: "不能改变流程的执法行为类别" }]);
    const problems = validateWorkflow(def);
    if (problems.length) throw new AppError("workflow_invalid", 400, `流程定义有误：${problems[0]}`, problems.map((message) => ({ field: "definition", message })));
    await tx.update(workflowDefinitions).set({ current: false }).where(and(eq(workflowDefinitions.key, key), eq(workflowDefinitions.current, true)));
    const [row] = await tx
      .insert(workflowDefinitions)
      .values({ key, version: def.version, actionType: def.actionType, name: def.name, definition: def, current: true, createdBy: ctx.actor })
      .returning();
    return row!;
  });
}

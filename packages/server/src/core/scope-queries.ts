import { eq } from "drizzle-orm";
import type { Db, Tx } from "../db/client.ts";
import { agencies } from "../modules/agencies/tables.ts";
import { errors } from "./errors.ts";
import type { Owned } from "./policy.ts";

/** Loads an agency as an Owned resource (for policy checks), or throws not_found. */
export async function ownedAgency(db: Db | Tx, agencyId: string): Promise<Owned & { name: string; level: string; parentId: string | null }> {
  const [row] = await db
    .select({ agencyId: agencies.id, agencyPath: agencies.path, name: agencies.name, level: agencies.level, parentId: agencies.parentId })
    .from(agencies)
    .where(eq(agencies.id, agencyId));
  if (!row) throw errors.notFound("执法主体");
  return row;
}

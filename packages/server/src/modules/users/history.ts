import { eq } from "drizzle-orm";
import { registerHistory } from "../audit/registry.ts";
import { agencies } from "../agencies/tables.ts";
import { userPolicy } from "./policy.ts";
import { users } from "./tables.ts";

registerHistory("users", {
  label: "用户",
  owner: async (db, rowId) => {
    if (!/^[0-9a-f-]{36}$/.test(rowId)) return null;
    const [row] = await db.select({ agencyId: agencies.id, agencyPath: agencies.path }).from(users).innerJoin(agencies, eq(agencies.id, users.agencyId)).where(eq(users.id, rowId));
    return row ?? null;
  },
  canRead: (actor, owner) => userPolicy.can(actor, "update", owner) || userPolicy.can(actor, "read", owner),
});

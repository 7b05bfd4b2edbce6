import { eq } from "drizzle-orm";
import { registerHistory } from "../audit/registry.ts";
import { agencyPolicy } from "./policy.ts";
import { agencies, units } from "./tables.ts";

registerHistory("agencies", {
  label: "执法主体",
  owner: async (db, rowId) => {
    if (!/^[0-9a-f-]{36}$/.test(rowId)) return null;
    const [row] = await db.select({ agencyId: agencies.id, agencyPath: agencies.path }).from(agencies).where(eq(agencies.id, rowId));
    return row ?? null;
  },
  canRead: (actor, owner) => agencyPolicy.can(actor, "update", owner) || agencyPolicy.can(actor, "manageUnits", owner),
});

registerHistory("units", {
  label: "内设机构",
  owner: async (db, rowId) => {
    if (!/^[0-9a-f-]{36}$/.test(rowId)) return null;
    const [row] = await db.select({ agencyId: agencies.id, agencyPath: agencies.path }).from(units).innerJoin(agencies, eq(agencies.id, units.agencyId)).where(eq(units.id, rowId));
    return row ?? null;
  },
  canRead: (actor, owner) => agencyPolicy.can(actor, "manageUnits", owner),
});

import { Policy, has, inScope, type Owned } from "../../core/policy.ts";

/** 执法主体: the tree is public knowledge (R-LIST-01); changing it is administration (R-GEN-02). */
export const agencyPolicy = new Policy<Owned, "read" | "update" | "createChild" | "manageUnits">("agency", {
  read: () => true,
  update: (a, r) => has(a, "admin") && inScope(a, r, "subtree"),
  createChild: (a, r) => has(a, "admin") && inScope(a, r, "subtree"),
  manageUnits: (a, r) => (has(a, "admin") && inScope(a, r, "subtree")) || (has(a, "agency_head") && inScope(a, r, "own")),
});

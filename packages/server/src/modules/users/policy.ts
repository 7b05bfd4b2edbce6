import { Policy, has, inScope, type Owned } from "../../core/policy.ts";

/** User accounts: administered within the admin's subtree; the head sees own agency's accounts. */
export const userPolicy = new Policy<Owned & { userId?: string }, "read" | "create" | "update" | "resetPassword">("user", {
  read: (a, r) => (has(a, "admin") && inScope(a, r, "subtree")) || (has(a, "agency_head") && inScope(a, r, "own")) || r.userId === a.id,
  create: (a, r) => has(a, "admin") && inScope(a, r, "subtree"),
  update: (a, r) => has(a, "admin") && inScope(a, r, "subtree") && r.userId !== a.id,
  resetPassword: (a, r) => has(a, "admin") && inScope(a, r, "subtree") && r.userId !== a.id,
});

import { Policy, has, inScope, type Owned } from "../../core/policy.ts";

/**
 * Lists kept by an agency. Everyone in the agency reads them; supervisors and administrators
 * read their whole subtree (R-GEN-03). The agency head and administrators maintain them.
 */
export const listPolicy = new Policy<Owned, "read" | "create" | "update" | "delete" | "import" | "export">("list", {
  read: (a, r) => inScope(a, r, "own") || (has(a, "supervisor", "admin") && inScope(a, r, "subtree")),
  create: (a, r) => canMaintain(a, r),
  update: (a, r) => canMaintain(a, r),
  delete: (a, r) => canMaintain(a, r),
  import: (a, r) => canMaintain(a, r),
  export: (a, r) => inScope(a, r, "own") || (has(a, "supervisor", "admin") && inScope(a, r, "subtree")),
});

function canMaintain(a: Parameters<typeof has>[0], r: Owned): boolean {
  return (has(a, "admin") && inScope(a, r, "subtree")) || (has(a, "agency_head") && inScope(a, r, "own"));
}

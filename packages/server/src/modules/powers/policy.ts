import { Policy, type Owned } from "../../core/policy.ts";
import { listPolicy } from "../lists/policy.ts";
import { abilitySources } from "../ability-sources.ts";

/**
 * The power list (R-LIST-03) is a list like the others: its readers are the list readers
 * (own agency; supervisors and admins their subtree) and its maintainers the list maintainers.
 * Declared as its own policy so the UI gets `power.change`, but every rule defers to listPolicy.
 */
export const powerPolicy = new Policy<Owned, "read" | "change" | "correct" | "import" | "export">("power", {
  read: (a, r) => listPolicy.can(a, "read", r),
  change: (a, r) => listPolicy.can(a, "update", r),
  correct: (a, r) => listPolicy.can(a, "update", r),
  import: (a, r) => listPolicy.can(a, "import", r),
  export: (a, r) => listPolicy.can(a, "export", r),
});

abilitySources.set("power", (actor, own) => powerPolicy.abilities(actor, own));

import type { Actor, Owned } from "../core/policy.ts";
import { agencyPolicy } from "./agencies/policy.ts";
import { userPolicy } from "./users/policy.ts";
import { abilitySources } from "./ability-sources.ts";

/**
 * What the caller may do on resources of their own agency, per policy: sent to the UI
 * (GET /api/auth/me) so it shows only what the server will accept.
 */
export function abilitiesFor(actor: Actor): Record<string, Record<string, boolean>> {
  const own: Owned = { agencyId: actor.agencyId, agencyPath: actor.agencyPath };
  const out: Record<string, Record<string, boolean>> = {
    agency: agencyPolicy.abilities(actor, own),
    user: userPolicy.abilities(actor, { ...own, userId: "" }),
  };
  for (const [name, source] of abilitySources) out[name] = source(actor, own);
  return out;
}

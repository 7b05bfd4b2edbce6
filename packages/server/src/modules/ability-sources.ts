import type { Actor, Owned } from "../core/policy.ts";

/** Modules add their policies' abilities here (keyed by resource name). */
export const abilitySources = new Map<string, (actor: Actor, own: Owned) => Record<string, boolean>>();

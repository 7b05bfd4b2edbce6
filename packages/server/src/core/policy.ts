import type { Role } from "@zhifa/domain";
import { isInSubtree } from "@zhifa/domain";
import { errors } from "./errors.ts";

/** The authenticated caller, as every policy sees it. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  agencyId: string;
  /** Materialised path of the actor's agency. */
  agencyPath: string;
  /** True when the actor's agency is a root of the tree (deployment-wide administration). */
  atRoot: boolean;
}

/** Anything owned by an agency: policies decide on the owner's place in the tree. */
export interface Owned {
  agencyId: string;
  agencyPath: string;
}

export type Scope = "own" | "subtree";

export function has(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}

/** Own agency: the same agency. Subtree: the actor's agency or any agency below it (R-GEN-03). */
export function inScope(actor: Actor, target: Owned, scope: Scope): boolean {
  if (scope === "own") return actor.agencyId === target.agencyId;
  return isInSubtree(actor.agencyPath, target.agencyPath);
}

type Rule<R> = (actor: Actor, resource: R) => boolean;

/**
 * A resource's policy: the actions it allows and who may do them, declared once
 * (Outline-style). Routes call `authorize`; presenters call `abilities` so the UI shows only
 * what the server will accept.
 */
export class Policy<R, A extends string> {
  constructor(
    readonly name: string,
    private readonly rules: Record<A, Rule<R>>,
  ) {}

  can(actor: Actor, action: A, resource: R): boolean {
    return this.rules[action](actor, resource);
  }

  authorize(actor: Actor, action: A, resource: R): void {
    if (!this.can(actor, action, resource)) throw errors.forbidden();
  }

  abilities(actor: Actor, resource: R): Record<A, boolean> {
    const out = {} as Record<A, boolean>;
    for (const action of Object.keys(this.rules) as A[]) out[action] = this.can(actor, action, resource);
    return out;
  }
}

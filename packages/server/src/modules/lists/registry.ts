import type { ListDefinition } from "./definition.ts";
import { randomInspectionList } from "./defs/random-inspection.ts";

/** Every list the agencies keep (R-LIST-01 … R-LIST-12), served under /api/lists/<kind>. */
export const listDefinitions: ListDefinition[] = [randomInspectionList];

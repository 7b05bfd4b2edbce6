import type { ActionType, AgencyLevel } from "@zhifa/domain";
import type { Tx } from "../db/client.ts";

export interface DemoAgency {
  key: string;
  id: string;
  path: string;
  level: AgencyLevel;
  regionCode: string;
  name: string;
  actionTypes: ActionType[];
  domain: string;
}

/** Demo rows of the lists (officers, power items, tiers, catalog…); filled in by each list. */
export async function seedDemoLists(_tx: Tx, _agencies: DemoAgency[], _options: { officersPerAgency?: number; powerItems?: number }): Promise<void> {}

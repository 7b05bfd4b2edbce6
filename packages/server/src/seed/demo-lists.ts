import type { ActionType, AgencyLevel } from "@zhifa/domain";
import type { Tx } from "../db/client.ts";
import { seedDemoCalendar } from "./demo-calendar.ts";
import { seedDemoOfficers } from "./demo-officers.ts";
import { seedDemoOtherLists } from "./demo-other-lists.ts";
import { seedDemoPowers } from "./demo-powers.ts";

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
export async function seedDemoLists(_tx: Tx, _agencies: DemoAgency[], _options: { officersPerAgency?: number; powerItems?: number }): Promise<void> {
  await seedDemoCalendar(_tx);
  await seedDemoOfficers(_tx, _agencies, _options);
  await seedDemoOtherLists(_tx, _agencies);
  await seedDemoPowers(_tx, _agencies, _options);
}

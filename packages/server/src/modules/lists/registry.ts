import type { ListDefinition } from "./definition.ts";
import { randomInspectionList } from "./defs/random-inspection.ts";
import { discretionTierList } from "./defs/discretion-tiers.ts";
import { majorCatalogList } from "./defs/major-catalog.ts";
import { avRecordsList } from "./defs/av-records.ts";
import { serviceGuidesList } from "./defs/service-guides.ts";
import { legalReviewersList } from "./defs/legal-reviewers.ts";
import { officerList } from "./defs/officers.ts";
import { officerAnnualRecordList } from "./defs/officer-annual-records.ts";

/** Every list the agencies keep (R-LIST-01 … R-LIST-12), served under /api/lists/<kind>. */
export const listDefinitions: ListDefinition[] = [randomInspectionList, discretionTierList, majorCatalogList, avRecordsList, serviceGuidesList, legalReviewersList, officerList, officerAnnualRecordList];

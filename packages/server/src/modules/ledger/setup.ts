import path from "node:path";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import { ledgerSigning, loadLedgerKeys } from "./keys.ts";
import { Ledger } from "./service.ts";

export const defaultKeyFile = (config: Config): string => config.LEDGER_KEY_FILE ?? path.join(config.DATA_DIR, "ledger-keys.json");

/**
 * The ledger of this deployment from the configuration. Keys are generated on first start only
 * in the embedded mode (one process); with DATABASE_URL they must be configured, since every
 * process must sign with the same keys.
 */
export function ledgerFromConfig(config: Config, db: Db, onError?: (e: unknown) => void): Ledger {
  const material = loadLedgerKeys({ ed25519: config.LEDGER_ED25519_KEY, sm2: config.LEDGER_SM2_KEY, file: defaultKeyFile(config), generate: !config.DATABASE_URL });
  return new Ledger(db, { signing: ledgerSigning(config.LEDGER_ORIGIN, material), batchSize: config.LEDGER_BATCH_SIZE, onError });
}

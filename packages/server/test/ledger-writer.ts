/**
 * A ledger writer process for the multi-process and crash tests: opens DATABASE_URL, runs its
 * own sequencer, and appends entries from WRITERS concurrent loops (chained to CHAINS cases),
 * printing "ack <entry id>" for each append once its transaction has committed. Runs until
 * COUNT appends per loop are done (then prints "done") or until killed.
 */
import { openDatabase } from "../src/db/client.ts";
import { ledgerSigning } from "../src/modules/ledger/keys.ts";
import { Ledger } from "../src/modules/ledger/service.ts";

const url = process.env.DATABASE_URL!;
const writers = Number(process.env.WRITERS ?? 4);
const count = Number(process.env.COUNT ?? 1e9);
const chains = Number(process.env.CHAINS ?? 3);
const name = process.env.NAME ?? "w";
const database = await openDatabase({ url, poolSize: writers + 2 });
const ledger = new Ledger(database.db, {
  signing: ledgerSigning(process.env.LEDGER_ORIGIN!, { ed25519PrivateKey: process.env.LEDGER_ED25519_KEY!, sm2PrivateKey: process.env.LEDGER_SM2_KEY! }),
  batchSize: 50,
  onError: (e) => process.stderr.write(`sequencer: ${String(e)}\n`),
});
ledger.start();
let n = 0;
await Promise.all(
  Array.from({ length: writers }, async (_, w) => {
    for (let i = 0; i < count; i++) {
      const k = n++;
      const r = await database.db.transaction((tx) => ledger.append(tx, { kind: "test.load", actor: `system:${name}`, chain: `case:${k % chains}`, data: { name, w, i } }));
      ledger.kick();
      process.stdout.write(`ack ${r.id}\n`);
    }
  }),
);
process.stdout.write("done\n");
await ledger.stop();
await database.close();

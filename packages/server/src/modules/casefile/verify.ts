/**
 * `zhifa verify <bundle.zip>` (R-REC-07): reads an exported case file offline — no server, no
 * network — hashing its files as they stream out of the ZIP, and checks it with the domain's
 * verifier against public keys the user trusts (never the keys inside the bundle).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import yauzl from "yauzl";
import { verifyBundle, type BundleEntry, type BundleManifest, type Verdict } from "@zhifa/domain";
import { serverVerifier, sha256 } from "../ledger/keys.ts";

export class BundleReadError extends Error {}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => yauzl.open(file, { lazyEntries: true, decodeStrings: true, strictFileNames: false }, (err, zip) => (err ? reject(new BundleReadError(`不是有效的 ZIP 文件 / not a valid ZIP file: ${err.message}`)) : resolve(zip))));
}

/** Reads what verification needs: manifest and entries in memory, files only as hashes. */
export async function readBundle(file: string): Promise<{ manifest: BundleManifest; entries: BundleEntry[]; fileHashes: Map<string, string> }> {
  const zip = await openZip(file);
  let manifest: BundleManifest | null = null;
  const entries: BundleEntry[] = [];
  const fileHashes = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    zip.on("error", (e: Error) => reject(new BundleReadError(`ZIP 文件已损坏 / damaged ZIP: ${e.message}`)));
    zip.on("end", () => resolve());
    zip.on("entry", (entry: yauzl.Entry) => {
      const name = entry.fileName;
      const wanted = name === "manifest.json" || /^entries\/\d+\.json$/.test(name) || name.startsWith("files/");
      if (!wanted || name.endsWith("/")) return zip.readEntry();
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(new BundleReadError(`${name}: ${err.message}`));
        if (name.startsWith("files/")) {
          const h = crypto.createHash("sha256");
          stream.on("data", (c: Buffer) => h.update(c));
          stream.on("end", () => {
            fileHashes.set(name, h.digest("hex"));
            zip.readEntry();
          });
        } else {
          const parts: Buffer[] = [];
          let size = 0;
          stream.on("data", (c: Buffer) => {
            size += c.length;
            if (size > 64 * 1024 * 1024) stream.destroy(new Error("too large"));
            else parts.push(c);
          });
          stream.on("end", () => {
            try {
              const json = JSON.parse(Buffer.concat(parts).toString("utf8")) as unknown;
              if (name === "manifest.json") manifest = json as BundleManifest;
              else entries.push({ ...(json as BundleEntry), path: name });
            } catch {
              return reject(new BundleReadError(`${name}: 不是有效的 JSON / not valid JSON`));
            }
            zip.readEntry();
          });
        }
        stream.on("error", (e: Error) => reject(new BundleReadError(`${name}: ${e.message}`)));
      });
    });
    zip.readEntry();
  });
  zip.close();
  if (!manifest) throw new BundleReadError("卷宗中没有 manifest.json / manifest.json missing");
  return { manifest, entries, fileHashes };
}

export async function verifyBundleFile(file: string, opts: { vkeys: string[]; later?: { note: string; proof: string[] } }): Promise<Verdict> {
  const verifiers = opts.vkeys.map(serverVerifier);
  const bundle = await readBundle(file);
  return verifyBundle(bundle, { sha256, verifiers, later: opts.later });
}

export function readKeysFile(file: string): string[] {
  return fs.readFileSync(file, "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
}

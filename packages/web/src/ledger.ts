/**
 * The ledger's checks in the browser (R-REC-02, R-REC-10): the same domain code as the server
 * and the CLI, with SHA-256 and Ed25519 from @noble (synchronous, audited) and SM2/SM3 from
 * domain. Nothing here trusts the server: keys may be pasted, proofs are recomputed.
 */
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { ed25519 } from "@noble/curves/ed25519.js";
import {
  fromBase64, NoteError, openNote, parseCheckpoint, parseVerifierKey, ProofError, toHex, verifyBundle, verifyConsistency,
  type BundleEntry, type BundleManifest, type Checkpoint, type HashFn, type NoteVerifier, type Verdict,
} from "@zhifa/domain";
import { eachSlice, listZip, readEntry, ZipError } from "./zip.ts";

export const sha256: HashFn = (d) => nobleSha256(d);
const ed25519Verify = (pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean => {
  try {
    return ed25519.verify(sig, msg, pub);
  } catch {
    return false;
  }
};

export function verifiersFrom(vkeys: readonly string[]): NoteVerifier[] {
  return vkeys.map((k) => parseVerifierKey(k, { sha256, ed25519Verify }));
}

export interface CheckpointCheck {
  checkpoint: Checkpoint;
  /** Algorithms whose signatures verified, e.g. ["Ed25519", "SM2-SM3"]. */
  verifiedBy: string[];
}

/** Opens a signed checkpoint with these keys; throws NoteError with a Chinese message. */
export function checkCheckpoint(note: string, verifiers: readonly NoteVerifier[]): CheckpointCheck {
  const opened = openNote(note.replace(/\r\n/g, "\n"), verifiers);
  return { checkpoint: parseCheckpoint(opened.text), verifiedBy: opened.verifiedBy.map((v) => v.algorithm) };
}

/** Checks that `later` extends `earlier` with the log's consistency proof (RFC 9162). */
export function checkConsistency(earlier: Checkpoint, later: Checkpoint, proofBase64: readonly string[]): void {
  const proof = proofBase64.map((p) => {
    const b = fromBase64(p);
    if (!b) throw new ProofError("bad_hash", "证明中有无效的 Base64");
    return b;
  });
  verifyConsistency(sha256, earlier.size, later.size, proof, earlier.root, later.root);
}

export const hex = toHex;
export { NoteError, ProofError, ZipError };

/** Verifies an exported case file (电子卷宗) in the browser, with these trusted keys. */
export async function verifyCaseFile(file: Blob, vkeys: readonly string[], onProgress?: (text: string) => void): Promise<Verdict> {
  const entries = await listZip(file);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const manifestEntry = byName.get("manifest.json");
  if (!manifestEntry) throw new ZipError("卷宗中没有 manifest.json");
  const manifest = JSON.parse(new TextDecoder().decode(await readEntry(file, manifestEntry))) as BundleManifest;
  const bundleEntries: BundleEntry[] = [];
  for (const e of entries.filter((x) => /^entries\/\d+\.json$/.test(x.name))) bundleEntries.push({ ...(JSON.parse(new TextDecoder().decode(await readEntry(file, e))) as BundleEntry), path: e.name });
  const fileHashes = new Map<string, string>();
  for (const e of entries.filter((x) => x.name.startsWith("files/") && !x.name.endsWith("/"))) {
    const h = nobleSha256.create();
    await eachSlice(file, e, (c) => h.update(c), (done) => onProgress?.(`正在核对 ${e.name}：${Math.floor((done / Math.max(1, e.size)) * 100)}%`));
    fileHashes.set(e.name, hex(h.digest()));
  }
  return verifyBundle({ manifest, entries: bundleEntries, fileHashes }, { sha256, verifiers: verifiersFrom(vkeys) });
}

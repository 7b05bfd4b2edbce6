import { hash, verify } from "@node-rs/argon2";

/** argon2id (Algorithm.Argon2id = 2; the enum is a const enum we cannot import under verbatimModuleSyntax). */
const options = { algorithm: 2 as never, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/** Verified against when the user does not exist, so timing does not reveal usernames. */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword("zhifa-dummy-password-for-timing");
  return dummy;
}

/** Password rule: ≥10 characters with letters and digits; returns a Chinese reason or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return "密码长度至少 10 位";
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return "密码须同时包含字母和数字";
  return null;
}

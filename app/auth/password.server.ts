import { hash, verify } from "@node-rs/argon2";

// argon2id (the library default) with the OWASP-recommended minimum cost.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** A hash to verify against when the email is unknown, so both paths cost the same. */
export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword("floorboard-timing-equaliser");
  return dummyHash;
}

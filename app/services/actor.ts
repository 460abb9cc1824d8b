import type { UserRole } from "#db/schema/enums";

/** Who does something: the audit log names them, and where from when the request is known. */
export type Actor = { id: string; ip?: string | null };

/** An actor whose role decides what they may do (checked with `can`). */
export type ActorWithRole = Actor & { role: UserRole };

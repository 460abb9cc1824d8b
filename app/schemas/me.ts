/** The sections of the personal page, in the order of its tabs. */
export const meSections = ["posted", "followed", "voted"] as const;
export type MeSection = (typeof meSections)[number];

export function isMeSection(value: unknown): value is MeSection {
  return typeof value === "string" && (meSections as readonly string[]).includes(value);
}

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { INVITATION_TTL_MS, hashToken, invitationState } from "#app/services/invitations.server";

const now = new Date("2026-03-02T10:00:00Z");
const later = new Date(now.getTime() + 60_000);
const earlier = new Date(now.getTime() - 60_000);

describe("invitationState", () => {
  it("is unknown without an invitation", () => {
    expect(invitationState(undefined, now)).toBe("unknown");
  });

  it("is valid before it expires", () => {
    expect(invitationState({ acceptedAt: null, revokedAt: null, expiresAt: later }, now)).toBe("valid");
  });

  it("is expired at and after the expiry time", () => {
    expect(invitationState({ acceptedAt: null, revokedAt: null, expiresAt: now }, now)).toBe("expired");
    expect(invitationState({ acceptedAt: null, revokedAt: null, expiresAt: earlier }, now)).toBe("expired");
  });

  it("reports used before revoked or expired", () => {
    expect(invitationState({ acceptedAt: earlier, revokedAt: earlier, expiresAt: earlier }, now)).toBe("used");
  });

  it("reports revoked before expired", () => {
    expect(invitationState({ acceptedAt: null, revokedAt: earlier, expiresAt: earlier }, now)).toBe("revoked");
    expect(invitationState({ acceptedAt: null, revokedAt: earlier, expiresAt: later }, now)).toBe("revoked");
  });
});

describe("hashToken", () => {
  it("is the hex SHA-256 of the token", () => {
    expect(hashToken("abc")).toBe(createHash("sha256").update("abc").digest("hex"));
    expect(hashToken("abc")).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken("abc")).not.toBe(hashToken("abd"));
  });
});

describe("INVITATION_TTL_MS", () => {
  it("is seven days", () => {
    expect(INVITATION_TTL_MS).toBe(7 * 24 * 60 * 60 * 1000);
  });
});

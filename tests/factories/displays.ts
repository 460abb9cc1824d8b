import type { DisplayInput } from "#app/schemas/displays";

/** A wall display showing every panel for every team, as an admin would first register one. */
export function displayInput(overrides: Partial<DisplayInput> = {}): DisplayInput {
  return {
    name: "TV secondo piano",
    location: "Milano",
    locale: "it",
    panels: ["whiteboard", "top", "recent", "done", "trends", "qr"],
    teamIds: [],
    tags: [],
    rotationSeconds: 20,
    ...overrides,
  };
}

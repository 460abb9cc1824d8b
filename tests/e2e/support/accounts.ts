// The demo people seeded by app/services/demo/seed.server.ts on the main e2e server, and what the journeys share.
export const DEMO_PASSWORD = "floorboard-demo";

export type Account = { email: string; name: string; password: string };

function demo(email: string, name: string): Account {
  return { email, name, password: DEMO_PASSWORD };
}

export const ADMIN = demo("admin@floorboard.test", "Giulia Rossi");
export const MANAGER = demo("manager@floorboard.test", "Marco Bianchi");
export const AGENT = demo("agent@floorboard.test", "Sara Esposito");
/** Used only by the "sign out everywhere" journey, whose sessions it ends. */
export const SIGN_OUT_EVERYWHERE_AGENT = demo("luca.colombo@floorboard.test", "Luca Colombo");
/** Changed by the admin journey (role and team), so no other journey relies on it. */
export const PROMOTED_AGENT = demo("matteo.conti@floorboard.test", "Matteo Conti");

export const EXPIRED_INVITATION_EMAIL = "expired-invitation@floorboard.test";

/** Written by prepare-database.ts, handed to the tests by scripts/e2e.mjs. */
export type PreparedData = { expiredInvitationToken: string };

// People for the idea-board journeys, each with a role no other journey changes.
/** Triages and moves items through the workflow, switching the language and back: only that journey uses him. */
export const WORKFLOW_MANAGER = demo("davide.bruno@floorboard.test", "Davide Bruno");
/** Moves notes on the whiteboard. */
export const WHITEBOARD_MANAGER = demo("francesca.romano@floorboard.test", "Francesca Romano");
/** A second agent, to see what others see of Sara's items. */
export const OTHER_AGENT = demo("chiara.ricci@floorboard.test", "Chiara Ricci");
/** Picks a language before signing in and another after (saved for her): only the language journey uses her. */
export const LANGUAGE_PERSON = demo("elena.gallo@floorboard.test", "Elena Gallo");
/** Created by prepare-database.ts with nothing posted, followed, voted or notified: a first day. */
export const NEW_PERSON = demo("nuova.arrivata@floorboard.test", "Nadia Nuovi");

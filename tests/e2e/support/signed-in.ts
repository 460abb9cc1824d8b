// The journeys' `test`: Playwright's, plus a page per demo person, already signed in and on the
// board. Each person signs in once through the form (sign-in.setup.ts, run before the journeys)
// and every journey reuses that session from its storage state. Sessions live in the server's
// database, so the states belong to the main server of this run (E2E_PORT).
import { fileURLToPath } from "node:url";
import {
  test as base,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from "@playwright/test";
import {
  ADMIN,
  AGENT,
  MANAGER,
  NEW_PERSON,
  OTHER_AGENT,
  WHITEBOARD_MANAGER,
  WORKFLOW_MANAGER,
  type Account,
} from "./accounts";
import { visit } from "./pages";
import { MAIN_PORT } from "./servers";

export { expect } from "@playwright/test";

/** The people signed in once before the journeys; no journey ends their sessions. */
export const SIGNED_IN_ONCE: readonly Account[] = [
  ADMIN,
  MANAGER,
  AGENT,
  OTHER_AGENT,
  WORKFLOW_MANAGER,
  WHITEBOARD_MANAGER,
  NEW_PERSON,
];

/** Where a person's cookies and local storage are kept after signing in (test-results/ is not committed). */
export function storageStateOf(account: Account): string {
  if (!SIGNED_IN_ONCE.includes(account)) throw new Error(`${account.email} is not signed in by sign-in.setup.ts`);
  return fileURLToPath(new URL(`../../../test-results/.auth/${MAIN_PORT}/${account.email}.json`, import.meta.url));
}

/** A browser of its own for a person (its own cookies and storage), signed in and on the board. */
export async function signedInContext(
  browser: Browser,
  account: Account,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...options, storageState: storageStateOf(account) });
  const page = await context.newPage();
  await visit(page, "/board");
  return { context, page };
}

/** A fixture: the person's page, in a browser of their own with the test's options (viewport, locale). */
function pageOf(account: Account) {
  return async ({ browser }: { browser: Browser }, use: (page: Page) => Promise<void>) => {
    const { context, page } = await signedInContext(browser, account);
    await use(page);
    await context.close();
  };
}

export const test = base.extend<{
  adminPage: Page;
  managerPage: Page;
  agentPage: Page;
  otherAgentPage: Page;
  workflowManagerPage: Page;
  whiteboardManagerPage: Page;
  newPersonPage: Page;
}>({
  adminPage: pageOf(ADMIN),
  managerPage: pageOf(MANAGER),
  agentPage: pageOf(AGENT),
  otherAgentPage: pageOf(OTHER_AGENT),
  workflowManagerPage: pageOf(WORKFLOW_MANAGER),
  whiteboardManagerPage: pageOf(WHITEBOARD_MANAGER),
  newPersonPage: pageOf(NEW_PERSON),
});

// Run before the journeys (the "sign-in" project of playwright.config.ts): each demo person in
// support/signed-in.ts signs in once through the form, against the main server the journeys use,
// and the session is saved for them.
import { test as setup } from "@playwright/test";
import { signIn } from "./support/pages";
import { SIGNED_IN_ONCE, storageStateOf } from "./support/signed-in";

for (const account of SIGNED_IN_ONCE) {
  setup(`${account.name} signs in`, async ({ page }) => {
    await signIn(page, account);
    await page.context().storageState({ path: storageStateOf(account) });
  });
}

import { expectNoSeriousA11yViolations } from "./support/a11y";
import { ADMIN, PROMOTED_AGENT } from "./support/accounts";
import { settle, submitAndWait, visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

test("an admin creates a team, moves someone into it and finds both in the audit log", async ({ adminPage: page }) => {
  const teamName = "Qualità e formazione";

  await visit(page, "/admin/teams");
  await expect(page.getByRole("heading", { name: "Team", level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const createCard = page.locator("section").filter({ has: page.getByRole("heading", { name: "Nuovo team" }) });
  await createCard.getByLabel("Nome del team").fill(teamName);
  await submitAndWait(page, () => createCard.getByRole("button", { name: "Crea team" }).click());
  await expect(createCard.getByLabel("Nome del team")).toHaveValue("");
  await expect
    .poll(() =>
      page
        .getByRole("textbox", { name: "Nome del team" })
        .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)),
    )
    .toContain(teamName);

  await visit(page, "/admin/users");
  await page.getByRole("searchbox", { name: "Cerca" }).fill(PROMOTED_AGENT.name);
  await page.getByRole("button", { name: "Cerca" }).click();
  await expect(page).toHaveURL(/\?q=Matteo/);
  await settle(page);
  await expect(page.getByText("1 persona", { exact: true })).toBeVisible();
  const person = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: PROMOTED_AGENT.name }) });
  await expect(person.getByLabel("Ruolo")).toHaveValue("agent");
  await person.getByLabel("Ruolo").selectOption({ label: "Supervisore" });
  await person.getByLabel("Team", { exact: true }).selectOption({ label: teamName });
  await submitAndWait(page, () => person.getByRole("button", { name: "Salva" }).click());
  await expect(person.getByRole("alert")).toHaveCount(0);

  await page.reload();
  await settle(page);
  await expect(person.getByLabel("Ruolo")).toHaveValue("manager");
  await expect(person.getByLabel("Team", { exact: true }).locator("option:checked")).toHaveText(teamName);
  await expectNoSeriousA11yViolations(page);

  await visit(page, "/admin/audit");
  await expect(page.getByRole("heading", { name: "Registro attività", level: 1 })).toBeVisible();
  const rows = page.getByRole("row").filter({ hasText: ADMIN.name });
  await expect(rows.filter({ hasText: "Ha creato un team" }).filter({ hasText: teamName })).toHaveCount(1);
  await expect(
    rows
      .filter({ hasText: "Ha cambiato ruolo o team" })
      .filter({ hasText: PROMOTED_AGENT.email })
      .filter({ hasText: "Ruolo: Supervisore" }),
  ).toHaveCount(1);
  await expectNoSeriousA11yViolations(page);
});

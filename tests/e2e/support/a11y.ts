import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

type AxeResults = Awaited<ReturnType<AxeBuilder["analyze"]>>;
type Violation = AxeResults["violations"][number];

const BLOCKING_IMPACTS = new Set(["serious", "critical"]);

function describe(violation: Violation): string {
  const nodes = violation.nodes
    .map((node) => `    - ${node.target.join(" ")}\n      ${(node.failureSummary ?? "").replace(/\n/g, "\n      ")}`)
    .join("\n");
  return `  [${violation.impact}] ${violation.id}: ${violation.help}\n    ${violation.helpUrl}\n${nodes}`;
}

/** Runs axe on the page as it is now and fails on any serious or critical violation, listing them. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? ""));
  if (blocking.length > 0) {
    console.error(`Accessibility violations on ${page.url()}:\n${blocking.map(describe).join("\n")}`);
  }
  expect(
    blocking.map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.length} element(s)`),
    `serious or critical accessibility violations on ${page.url()}`,
  ).toEqual([]);
}

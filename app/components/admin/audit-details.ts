import type { TFunction } from "i18next";
import type { Locale } from "#app/i18n/config";
import { formatNumber } from "#app/i18n/format";

export type AuditDetail = { label: string; value: string };

// Which audit detail keys hold what, so each is shown in words rather than as a code.
const refKeys = new Set(["number", "into", "cluster"]);
const hiddenIds = /(^|[a-z])Id$/;

/** An audit entry's details as label/value pairs in the reader's language. */
export function describeAuditDetails(
  details: unknown,
  options: { t: TFunction; locale: Locale; teamName: (id: string) => string | undefined },
): AuditDetail[] {
  const { t, locale } = options;
  if (!details || typeof details !== "object" || Array.isArray(details)) return [];
  const one = (key: string, value: unknown): string => {
    if (value === null || value === undefined || value === "") return "—";
    if (Array.isArray(value)) return value.map((entry) => one(key, entry)).join(", ");
    if (key === "role") return t(`roles.${String(value)}`);
    if (key === "panels") return t(`displays:panels.${String(value)}`);
    if (key === "scopes")
      return t(`api:scopes.${String(value).replace(":", ".")}.label`, { defaultValue: String(value) });
    if (key === "was") return t(`tickets:imports.status.${String(value)}`, { defaultValue: String(value) });
    if (key === "teamId") return options.teamName(String(value)) ?? t("admin:audit.noTeam");
    if (key === "sizeBytes" && typeof value === "number")
      return `${formatNumber(locale, Math.max(1, Math.round(value / 1024)))} KB`;
    if (refKeys.has(key) && typeof value === "number") return `#${value}`;
    if (typeof value === "number") return formatNumber(locale, value);
    if (typeof value === "boolean") return t(value ? "admin:audit.yes" : "admin:audit.no");
    if (typeof value === "object") {
      return describeAuditDetails(value, options)
        .map((detail) => `${detail.label}: ${detail.value}`)
        .join(", ");
    }
    return String(value);
  };
  return Object.entries(details as Record<string, unknown>)
    .filter(([key]) => key === "teamId" || !hiddenIds.test(key))
    .map(([key, value]) => ({ label: t(`admin:audit.fields.${key}`, { defaultValue: key }), value: one(key, value) }));
}

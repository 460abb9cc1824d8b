import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { Button, buttonClass } from "#app/components/ui/button";
import { Notice, RowError } from "#app/components/ui/field";
import { CopyField } from "#app/components/ui/copy-field";
import { Card, EmptyState, PageHeader } from "#app/components/ui/page";
import { DisplayForm, newDisplayDefaults } from "#app/components/wall/display-form";
import { defaultLocale } from "#app/i18n/config";
import { formatDateTime } from "#app/i18n/format";
import type { loader as rootLoader } from "#app/root";
import { CreateDisplaySchema, DisplayActionSchema } from "#app/schemas/displays";
import { createDisplay, listDisplays, regenerateDisplayToken, revokeDisplay } from "#app/services/displays.server";
import { listTeams } from "#app/services/teams.server";
import { getEnv } from "#app/utils/env.server";
import { badRequest, formError, getClientIp, readForm } from "#app/utils/http.server";
import { formErrorFor } from "#app/utils/forms";
import { pageTitle } from "#app/i18n/meta";

function wallUrl(request: Request, token: string): string {
  return new URL(`/wall/${token}`, getEnv().PUBLIC_URL ?? new URL(request.url).origin).toString();
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "displays:title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "displays:manage");
  const db = getDb();
  const [displays, teams] = await Promise.all([listDisplays(db), listTeams(db)]);
  // Without PUBLIC_URL, wall addresses and QR codes carry whatever host the admin typed.
  const publicUrlMissing = getEnv().PUBLIC_URL ? null : new URL(request.url).origin;
  return { displays, teams: teams.map(({ id, name }) => ({ id, name })), publicUrlMissing };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "displays:manage");
  const actor = { id: admin.id, ip: getClientIp(request) };
  const formData = await readForm(request);
  const db = getDb();
  if (formData.get("intent") === "create") {
    const submission = parseWithZod(formData, { schema: CreateDisplaySchema });
    if (submission.status !== "success") return data({ create: submission.reply() }, { status: 400 });
    const { intent: _intent, ...input } = submission.value;
    const created = await createDisplay(db, actor, input);
    // The URL carries the token: shown in this one response, never readable again.
    return {
      create: submission.reply({ resetForm: true }),
      url: { displayId: created.id, name: input.name, href: wallUrl(request, created.token) },
    };
  }
  const submission = parseWithZod(formData, { schema: DisplayActionSchema });
  if (submission.status !== "success") throw badRequest();
  const { intent, displayId } = submission.value;
  if (intent === "revoke") {
    const revoked = await revokeDisplay(db, actor, displayId);
    if (!revoked) return formError(intent, "displays:errors.actionFailed", { target: displayId });
    return { revoked: displayId };
  }
  const token = await regenerateDisplayToken(db, actor, displayId);
  if (!token) return formError(intent, "displays:errors.actionFailed", { status: 404, target: displayId });
  return { url: { displayId, name: null, href: wallUrl(request, token) } };
}

type ActionData = Partial<{
  create: SubmissionResult<string[]>;
  url: { displayId: string; name: string | null; href: string };
  revoked: string;
}>;

export default function AdminDisplaysPage() {
  const { t } = useTranslation("displays");
  const { displays, teams, publicUrlMissing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {publicUrlMissing ? (
        <p
          className="mb-6 rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950"
          data-testid="public-url-missing"
        >
          {t("publicUrlMissing", { origin: publicUrlMissing })}
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <h2 className="sr-only">{t("listTitle")}</h2>
          {actionData?.revoked ? <Notice>{t("revokedNotice")}</Notice> : null}
          {actionData?.url ? (
            <Notice>
              <p>{actionData.url.name ? t("createdNotice", { name: actionData.url.name }) : t("regeneratedNotice")}</p>
              <CopyField id="display-url" label={t("url")} value={actionData.url.href} describedBy="display-url-note" />
              <p id="display-url-note" className="mt-2 font-semibold">
                {t("shownOnce")}
              </p>
            </Notice>
          ) : null}
          {displays.length === 0 ? (
            <EmptyState title={t("empty")} />
          ) : (
            <ul className="space-y-3">
              {displays.map((display) => (
                <li key={display.id}>
                  <Card className={display.revokedAt ? "opacity-80" : ""}>
                    <div className="flex flex-wrap items-start justify-between gap-3">
                      <div className="min-w-0">
                        <h3 className="font-semibold text-slate-900">
                          {display.name}
                          <span
                            className={`ml-2 rounded px-2 py-0.5 text-xs font-semibold ${display.revokedAt ? "bg-slate-200 text-slate-800" : "bg-emerald-100 text-emerald-900"}`}
                          >
                            {display.revokedAt
                              ? t("revokedOn", { date: formatDateTime(locale, display.revokedAt) })
                              : t("active")}
                          </span>
                        </h3>
                        <p className="mt-1 text-sm text-slate-700">
                          {display.location || t("noLocation")} · {display.locale === "en" ? "English" : "Italiano"} ·{" "}
                          {t("rotationEvery", { seconds: display.rotationSeconds })}
                        </p>
                        <p className="mt-1 text-sm text-slate-700">
                          {display.lastSeenAt
                            ? t("lastSeen", { date: formatDateTime(locale, display.lastSeenAt) })
                            : t("neverSeen")}
                        </p>
                        <p className="mt-1 text-sm text-slate-700">
                          {display.panels.map((panel) => t(`panels.${panel}`)).join(" · ")}
                        </p>
                      </div>
                      <div className="flex flex-wrap gap-2">
                        <Link
                          to={`/admin/displays/${display.id}`}
                          className={buttonClass("secondary")}
                          aria-label={t("editFor", { name: display.name })}
                        >
                          {t("edit")}
                        </Link>
                        <Form method="post">
                          <input type="hidden" name="displayId" value={display.id} />
                          <Button
                            name="intent"
                            value="regenerate"
                            variant="secondary"
                            aria-label={t("regenerateFor", { name: display.name })}
                          >
                            {display.revokedAt ? t("reactivate") : t("regenerate")}
                          </Button>
                        </Form>
                        {display.revokedAt ? null : (
                          <Form method="post">
                            <input type="hidden" name="displayId" value={display.id} />
                            <Button
                              name="intent"
                              value="revoke"
                              variant="danger"
                              aria-label={t("revokeFor", { name: display.name })}
                            >
                              {t("revoke")}
                            </Button>
                          </Form>
                        )}
                      </div>
                    </div>
                    <RowError message={formErrorFor(actionData, ["revoke", "regenerate"], display.id)} />
                  </Card>
                </li>
              ))}
            </ul>
          )}
        </div>
        <Card>
          <h2 className="text-lg font-semibold">{t("createTitle")}</h2>
          <p className="mt-1 text-sm text-slate-700">{t("createHint")}</p>
          <div className="mt-4">
            <DisplayForm intent="create" defaults={newDisplayDefaults} teams={teams} lastResult={actionData?.create} />
          </div>
        </Card>
      </div>
    </>
  );
}

import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { requireUser } from "#app/auth/require.server";
import { Button, buttonClass } from "#app/components/ui/button";
import { EmptyState, PageHeader } from "#app/components/ui/page";
import { defaultLocale } from "#app/i18n/config";
import { formatDateTime } from "#app/i18n/format";
import type { loader as rootLoader } from "#app/root";
import { listNotifications, markRead } from "#app/services/notifications.server";
import { badRequest, readForm, readSearchParams } from "#app/utils/http.server";
import { pageTitle } from "#app/i18n/meta";

const QuerySchema = z.object({ before: z.coerce.number().int().positive().optional().catch(undefined) });
const MarkSchema = z.union([
  z.object({ intent: z.literal("read-all") }),
  z.object({ intent: z.literal("read"), id: z.coerce.number().int().positive(), redirectTo: z.string().optional() }),
]);

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "items:notifications.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { before } = QuerySchema.parse(readSearchParams(request));
  return listNotifications(getDb(), user.id, { before });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = MarkSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw badRequest();
  if (parsed.data.intent === "read-all") {
    await markRead(getDb(), user.id, "all");
    return { ok: true };
  }
  await markRead(getDb(), user.id, [parsed.data.id]);
  return parsed.data.redirectTo?.startsWith("/items/") ? redirect(parsed.data.redirectTo) : { ok: true };
}

export default function NotificationsPage() {
  const { t } = useTranslation("items");
  const { notifications, nextBefore } = useLoaderData<typeof loader>();
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;
  const hasUnread = notifications.some((notification) => !notification.readAt);
  return (
    <>
      <PageHeader
        title={t("notifications.title")}
        actions={
          hasUnread ? (
            <Form method="post">
              <input type="hidden" name="intent" value="read-all" />
              <Button variant="secondary">{t("notifications.markAll")}</Button>
            </Form>
          ) : null
        }
      />
      {notifications.length === 0 ? (
        <EmptyState title={t("notifications.empty")}>
          <p>{t("notifications.emptyNext")}</p>
          <Link to="/board" className={buttonClass("primary", "mt-3")}>
            {t("notifications.emptyBoard")}
          </Link>
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          {notifications.map((notification) => {
            const data = notification.data as { to?: string; note?: string | null };
            const text = t(`notifications.types.${notification.type}`, {
              actor: notification.actorName ?? t("timeline.someone"),
              number: notification.itemNumber,
              title: notification.itemTitle,
              to: data.to ? t(`status.${data.to}`) : "",
            });
            const href = notification.itemNumber ? `/items/${notification.itemNumber}` : "/board";
            return (
              <li
                key={notification.id}
                className={`flex items-start gap-3 p-4 ${notification.readAt ? "" : "bg-brand-50"}`}
              >
                <div className="min-w-0 flex-1">
                  {notification.readAt ? (
                    <Link to={href} className="font-medium text-slate-900 hover:underline">
                      {text}
                    </Link>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="read" />
                      <input type="hidden" name="id" value={notification.id} />
                      <input type="hidden" name="redirectTo" value={href} />
                      <button type="submit" className="text-left font-semibold text-slate-900 hover:underline">
                        <span className="sr-only">{t("notifications.unread")}: </span>
                        {text}
                      </button>
                    </Form>
                  )}
                  {data.note ? <p className="mt-1 whitespace-pre-line text-sm text-slate-700">“{data.note}”</p> : null}
                  <p className="mt-1 text-xs text-slate-600">{formatDateTime(locale, notification.createdAt)}</p>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {nextBefore ? (
        <Link to={`?before=${nextBefore}`} className={buttonClass("secondary", "mt-4")}>
          {t("notifications.older")}
        </Link>
      ) : null}
    </>
  );
}

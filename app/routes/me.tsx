import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { authorLine } from "#app/components/items/item-card";
import { getDb } from "#db/client.server";
import { requireUser } from "#app/auth/require.server";
import { OverdueBadge, StatusBadge } from "#app/components/items/status-badge";
import { buttonClass } from "#app/components/ui/button";
import { EmptyState, PageHeader } from "#app/components/ui/page";
import { defaultLocale, type Locale } from "#app/i18n/config";
import { formatDate, formatNumber } from "#app/i18n/format";
import type { loader as rootLoader } from "#app/root";
import { isMeSection, meSections, type MeSection } from "#app/schemas/me";
import { countMyItems, listMyItems, type MyItem } from "#app/services/me.server";
import { pageTitle } from "#app/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "me:title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const tab = params.get("tab");
  const section: MeSection = isMeSection(tab) ? tab : "posted";
  const db = getDb();
  const [page, counts] = await Promise.all([
    listMyItems(db, user, section, { cursor: params.get("cursor") }),
    countMyItems(db, user),
  ]);
  return { section, counts, ...page };
}

type Row = Omit<MyItem, "createdAt" | "doneAt"> & { createdAt: string | Date; doneAt: string | Date | null };

export default function MePage() {
  const { t } = useTranslation("me");
  const { section, counts, items, nextCursor } = useLoaderData<typeof loader>();
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;
  const current = counts[section];
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <nav aria-label={t("sections")} className="mt-2">
        <ul className="flex flex-wrap gap-2">
          {meSections.map((name) => (
            <li key={name}>
              <Link
                to={`?tab=${name}`}
                aria-current={section === name ? "page" : undefined}
                className={`inline-block rounded-full px-3 py-1.5 text-sm font-semibold ${section === name ? "bg-brand-700 text-white" : "bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100"}`}
              >
                {t(`tab.${name}`)} <span className="font-normal">({formatNumber(locale, counts[name].total)})</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p className="mt-4 text-slate-800" data-testid="me-summary">
        {t(`summary.${section}`, { count: current.total })} · {t("summary.done", { count: current.done })}
      </p>
      {items.length === 0 ? (
        <div className="mt-6">
          <EmptyState title={t(`empty.${section}`)}>
            {section === "posted" ? (
              <Link to="/items/new" className={buttonClass("primary")}>
                {t("postFirst")}
              </Link>
            ) : (
              // A new person's next step: find something worth following or voting for.
              <>
                <p>{t(`emptyNext.${section}`)}</p>
                <Link to="/board?sort=trending" className={buttonClass("primary", "mt-3")}>
                  {t("emptyNext.board")}
                </Link>
              </>
            )}
          </EmptyState>
        </div>
      ) : (
        <ul className="mt-4 space-y-3">
          {items.map((item) => (
            <li key={item.id}>
              <MyItemCard item={item} section={section} locale={locale} />
            </li>
          ))}
        </ul>
      )}
      {nextCursor ? (
        <div className="mt-6 text-center">
          <Link to={`?tab=${section}&cursor=${encodeURIComponent(nextCursor)}`} className={buttonClass("secondary")}>
            {t("more")}
          </Link>
        </div>
      ) : null}
    </>
  );
}

function MyItemCard({ item, section, locale }: { item: Row; section: MeSection; locale: Locale }) {
  const { t } = useTranslation("me");
  const { t: ti } = useTranslation("items");
  return (
    <article className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200 sm:p-4">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span className="font-semibold uppercase tracking-wide text-slate-700">{ti(`kind.${item.kind}`)}</span>
        <StatusBadge status={item.status} />
        {item.overdue ? <OverdueBadge /> : null}
        {item.mine && item.anonymous ? (
          <span className="rounded-full bg-slate-100 px-2 py-0.5 font-semibold text-slate-800">
            {t("postedAnonymously")}
          </span>
        ) : null}
      </div>
      <h2 className="mt-1 text-base font-semibold leading-snug text-slate-900">
        <Link to={`/items/${item.number}`} className="hover:underline">
          #{item.number} {item.title}
        </Link>
      </h2>
      <p className="mt-1 flex flex-wrap gap-x-3 text-sm text-slate-700">
        {section !== "posted" ? <span>{authorLine(ti, item)}</span> : null}
        <span>{ti("card.votes", { count: item.votes })}</span>
        <span>{ti("card.comments", { count: item.comments })}</span>
        <span>{item.ownerName ? t("owner", { name: item.ownerName }) : t("noOwner")}</span>
        {item.targetDate ? (
          <span className={item.overdue ? "font-semibold text-red-800" : undefined}>
            {t(item.overdue ? "overdueSince" : "target", { date: formatDate(locale, item.targetDate) })}
          </span>
        ) : null}
      </p>
      {item.latest ? (
        <p className="mt-2 border-l-4 border-slate-200 pl-3 text-sm text-slate-800" data-testid="latest-update">
          <span className="font-medium">{latestLine(t, ti, item.latest)}</span>
          {", "}
          {formatDate(locale, item.latest.createdAt)}
          {item.latest.note ? <span className="text-slate-700">: {item.latest.note}</span> : null}
        </p>
      ) : null}
      {item.status === "done" ? (
        <p className="mt-2 text-sm text-slate-800">
          {item.outcome ? t("outcome", { answer: t(`answer.${item.outcome.answer}`) }) : t("noOutcome")}
          {item.outcome?.comment ? <span className="text-slate-700"> “{item.outcome.comment}”</span> : null}
        </p>
      ) : null}
      {item.tickets ? (
        <p className="mt-1 text-sm text-slate-800">
          {item.tickets.afterPerWeek === null
            ? t("tickets.waiting", { before: formatNumber(locale, item.tickets.beforePerWeek) })
            : t("tickets.change", {
                before: formatNumber(locale, item.tickets.beforePerWeek),
                after: formatNumber(locale, item.tickets.afterPerWeek),
                change:
                  item.tickets.changePercent === null
                    ? "—"
                    : formatNumber(locale, item.tickets.changePercent / 100, {
                        style: "percent",
                        signDisplay: "exceptZero",
                        maximumFractionDigits: 1,
                      }),
              })}
        </p>
      ) : null}
    </article>
  );
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

function latestLine(t: Translate, ti: Translate, latest: NonNullable<Row["latest"]>): string {
  const actor = latest.actorName ?? t("someone");
  if (latest.type === "status" && latest.toStatus)
    return t("latest.status", { actor, to: ti(`status.${latest.toStatus}`) });
  return t(`latest.${latest.type}`, { actor });
}

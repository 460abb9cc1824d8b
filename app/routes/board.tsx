import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { getDb } from "#db/client.server";
import { channel, itemArea, itemKind } from "#db/schema/enums";
import { requirePermission } from "#app/auth/require.server";
import { ItemCard } from "#app/components/items/item-card";
import { VoteForm } from "#app/components/items/vote-button";
import { buttonClass } from "#app/components/ui/button";
import { PlusIcon } from "#app/components/ui/icons";
import { EmptyState } from "#app/components/ui/page";
import { defaultLocale } from "#app/i18n/config";
import { formatNumber } from "#app/i18n/format";
import type { loader as rootLoader } from "#app/root";
import { BoardQuerySchema, boardSorts } from "#app/schemas/items";
import { listBoard, toBoardCard } from "#app/services/board.server";
import { teamChoices } from "#app/services/teams.server";
import { findPeopleByHandles } from "#app/services/users.server";
import { itemStatuses } from "#app/services/workflow";
import { NewItemsBar, useLiveItems } from "#app/components/live/live-items";
import { readSearchParams } from "#app/utils/http.server";
import { fromColumns, toColumns } from "#app/utils/columns";
import { pageTitle } from "#app/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "items:board.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "board:view");
  const query = BoardQuerySchema.parse(readSearchParams(request));
  const db = getDb();
  const [page, teams, [author]] = await Promise.all([
    listBoard(db, user, query),
    teamChoices(db),
    query.author ? findPeopleByHandles(db, [query.author]) : Promise.resolve([]),
  ]);
  return {
    cards: toColumns(page.items.map(toBoardCard)),
    nextCursor: page.nextCursor,
    query,
    authorName: author?.name ?? null,
    teams,
  };
}

const filterKeys = ["kind", "status", "area", "channel", "team", "tag", "mine", "followed", "author"] as const;

export default function BoardPage() {
  const { t } = useTranslation("items");
  const { t: tc } = useTranslation("clusters");
  const { cards, nextCursor, query, teams, authorName } = useLoaderData<typeof loader>();
  const items = useMemo(() => fromColumns(cards), [cards]);
  const live = useLiveItems(items);
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;
  const [searchParams] = useSearchParams();
  const activeFilters = filterKeys.filter((key) => searchParams.get(key)).length;
  const exportParams = new URLSearchParams([...searchParams].filter(([key]) => key !== "cursor")).toString();

  const withParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    next.delete("cursor");
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    return `?${next.toString()}`;
  };

  const select = (
    name: string,
    label: string,
    options: Array<{ value: string; label: string }>,
    anyLabel = t("board.any"),
  ) => (
    <div>
      <label htmlFor={`filter-${name}`} className="filter-label">
        {label}
      </label>
      <select id={`filter-${name}`} name={name} defaultValue={searchParams.get(name) ?? ""} className="filter-input">
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <>
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight text-slate-900">{t("board.title")}</h1>
          <p className="mt-1 max-w-2xl text-slate-700">{t("board.description")}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link to={`/whiteboard`} className={buttonClass("secondary")}>
            {t("whiteboard.open")}
          </Link>
          <a href={`/board.csv?${exportParams}`} className={buttonClass("secondary")} download>
            {t("board.export")}
          </a>
          <Link to="/items/new" className={buttonClass("primary")}>
            <PlusIcon className="h-4 w-4" /> {t("board.newLong")}
          </Link>
        </div>
      </div>

      <Form method="get" role="search" className="flex gap-2">
        {[...searchParams.entries()]
          .filter(([key]) => key !== "q" && key !== "cursor")
          .map(([key, value]) => (
            <input key={key} type="hidden" name={key} value={value} />
          ))}
        <label htmlFor="board-search" className="sr-only">
          {t("board.searchLabel")}
        </label>
        <input
          id="board-search"
          type="search"
          name="q"
          defaultValue={query.q ?? ""}
          placeholder={t("board.searchPlaceholder")}
          className="block w-full rounded-md border-0 bg-white px-3 py-2 ring-1 ring-inset ring-slate-400 focus:ring-2 focus:ring-brand-600"
        />
        <button type="submit" className={buttonClass("secondary")}>
          {t("board.search")}
        </button>
      </Form>

      <nav aria-label={t("sort.label")} className="mt-4 flex flex-wrap items-center gap-2">
        <span className="text-sm font-medium text-slate-700">{t("sort.label")}:</span>
        {boardSorts.map((sort) => (
          <Link
            key={sort}
            to={withParams({ sort })}
            aria-current={query.sort === sort ? "page" : undefined}
            className="sort-link"
          >
            {t(`sort.${sort}`)}
          </Link>
        ))}
      </nav>

      <details className="mt-4 rounded-lg bg-white p-3 ring-1 ring-slate-200" open={activeFilters > 0}>
        <summary className="cursor-pointer py-2.5 text-sm font-semibold leading-6 text-slate-800">
          {t("board.filters")}
          {activeFilters ? ` (${activeFilters})` : ""}
        </summary>
        <Form method="get" className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-4">
          <input type="hidden" name="sort" value={query.sort} />
          {query.q ? <input type="hidden" name="q" value={query.q} /> : null}
          {query.author ? <input type="hidden" name="author" value={query.author} /> : null}
          {select(
            "kind",
            t("board.kind"),
            itemKind.enumValues.map((value) => ({ value, label: t(`kind.${value}`) })),
          )}
          {select(
            "status",
            t("board.statusLabel"),
            itemStatuses.map((value) => ({ value, label: t(`status.${value}`) })),
            t("board.anyStatus"),
          )}
          {select("area", t("board.areaLabel"), [
            ...itemArea.enumValues.map((value) => ({ value, label: t(`area.${value}`) })),
            { value: "none", label: t("form.areaNone") },
          ])}
          {select(
            "channel",
            t("board.channelLabel"),
            channel.enumValues.map((value) => ({ value, label: t(`channel.${value}`) })),
          )}
          {select(
            "team",
            t("board.team"),
            teams.map((team) => ({ value: team.id, label: team.name })),
          )}
          <div>
            <label htmlFor="filter-tag" className="filter-label">
              {t("board.tag")}
            </label>
            <input id="filter-tag" name="tag" defaultValue={query.tag ?? ""} className="filter-input" />
          </div>
          <div className="flex items-center gap-2 pt-6">
            <input
              id="filter-mine"
              type="checkbox"
              name="mine"
              value="1"
              defaultChecked={Boolean(query.mine)}
              className="h-5 w-5"
            />
            <label htmlFor="filter-mine" className="text-sm text-slate-800">
              {t("board.mine")}
            </label>
          </div>
          <div className="flex items-center gap-2 pt-6">
            <input
              id="filter-followed"
              type="checkbox"
              name="followed"
              value="1"
              defaultChecked={Boolean(query.followed)}
              className="h-5 w-5"
            />
            <label htmlFor="filter-followed" className="text-sm text-slate-800">
              {t("board.followed")}
            </label>
          </div>
          <div className="col-span-2 flex gap-2 md:col-span-4">
            <button type="submit" className={buttonClass("primary")}>
              {t("board.apply")}
            </button>
            <Link to={`?sort=${query.sort}`} className={buttonClass("ghost")}>
              {t("board.clear")}
            </Link>
          </div>
        </Form>
      </details>

      {query.author ? (
        <p className="mt-4 flex flex-wrap items-center gap-3 text-sm text-slate-900">
          <span className="font-semibold">{t("board.byAuthor", { name: authorName ?? `@${query.author}` })}</span>
          <Link
            to={withParams({ author: null })}
            className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline"
          >
            {t("board.byAuthorClear")}
          </Link>
        </p>
      ) : null}
      <NewItemsBar count={live.newCount} onShow={live.showNew} />
      <p className="sr-only" aria-live="polite">
        {t("board.results", { count: items.length })}
      </p>
      {items.length === 0 ? (
        <div className="mt-6">
          <EmptyState
            title={
              query.q ? t("board.emptySearch", { q: query.q }) : activeFilters ? t("board.empty") : t("board.emptyAll")
            }
          >
            {/* Nothing found is a next step: widen the search, or post what was searched for. */}
            <div className="mt-3 flex flex-wrap justify-center gap-2">
              {query.q ? (
                <Link to={withParams({ q: null })} className={buttonClass("secondary")}>
                  {t("board.clearSearch")}
                </Link>
              ) : null}
              {activeFilters ? (
                <Link
                  to={query.q ? `?sort=${query.sort}&q=${encodeURIComponent(query.q)}` : `?sort=${query.sort}`}
                  className={buttonClass("secondary")}
                >
                  {t("board.clear")}
                </Link>
              ) : null}
              <Link
                to={query.q ? `/items/new?kind=idea&title=${encodeURIComponent(query.q)}` : "/items/new"}
                className={buttonClass("primary")}
              >
                {query.q ? t("board.postSearch") : t("board.newLong")}
              </Link>
            </div>
          </EmptyState>
        </div>
      ) : (
        <VoteForm>
          <ul className="mt-6 space-y-3">
            {live.items.map((item) => (
              <li key={item.number}>
                <ItemCard item={item} locale={locale} />
                {item.impact || query.sort === "impact" ? (
                  <p className="card-impact">
                    {tc("board.impact", {
                      value: formatNumber(locale, item.impact ?? 0, { maximumFractionDigits: 1 }),
                    })}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </VoteForm>
      )}
      {nextCursor ? (
        <div className="mt-6 text-center">
          <Link to={withParams({ cursor: nextCursor })} className={buttonClass("secondary")}>
            {t("board.more")}
          </Link>
        </div>
      ) : null}
    </>
  );
}

import type { TFunction } from "i18next";
import type { Locale } from "#app/i18n/config";
import { calendarDate } from "#app/i18n/format";
import type { CsvDelimiter } from "#app/utils/csv";
import { visibleAuthor } from "./anonymity";

const boardCsvColumns = [
  "number",
  "title",
  "kind",
  "status",
  "area",
  "channel",
  "team",
  "tags",
  "votes",
  "comments",
  "author",
  "owner",
  "targetDate",
  "overdue",
  "createdAt",
  "url",
] as const;

export type BoardCsvItem = {
  number: number;
  title: string;
  kind: string;
  status: string;
  area: string | null;
  channel: string | null;
  teamName: string | null;
  tags: string[];
  votes: number;
  comments: number;
  anonymous: boolean;
  authorName: string | null;
  ownerName: string | null;
  targetDate: string | null;
  overdue: boolean;
  createdAt: Date | string;
};

/** The board export in the reader's language: headers and values in words, `;` for Italian spreadsheets. */
export function boardCsvFormat(t: TFunction, locale: Locale, base: string) {
  const delimiter: CsvDelimiter = locale === "it" ? ";" : ",";
  const header = boardCsvColumns.map((column) => t(`items:csv.${column}`));
  // Authors of anonymous items are left blank for everyone, the author included: a file travels further than a page.
  const row = (item: BoardCsvItem): unknown[] => [
    item.number,
    item.title,
    t(`items:kind.${item.kind}`),
    t(`items:status.${item.status}`),
    item.area ? t(`items:area.${item.area}`) : "",
    item.channel ? t(`items:channel.${item.channel}`) : "",
    item.teamName,
    item.tags,
    item.votes,
    item.comments,
    visibleAuthor(item, null),
    item.ownerName,
    item.targetDate,
    item.overdue ? t("items:csv.yes") : "",
    calendarDate(new Date(item.createdAt)),
    new URL(`/items/${item.number}`, base).toString(),
  ];
  return { delimiter, header, row };
}

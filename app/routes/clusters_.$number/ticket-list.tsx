import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Highlighted } from "#app/components/charts/highlight";
import { Button } from "#app/components/ui/button";
import { Card } from "#app/components/ui/page";
import type { Locale } from "#app/i18n/config";
import { formatDate } from "#app/i18n/format";
import { clusterName } from "#app/services/clusters/names";
import type { ClusterPageData } from "./route";

type Props = Pick<ClusterPageData, "cluster" | "tickets" | "choices" | "canManage"> & {
  locale: Locale;
  busy: boolean;
};

/** The cluster's tickets; a manager ticks some and moves them to another cluster. */
export function TicketList({ cluster, tickets, choices, canManage, locale, busy }: Props) {
  const { t } = useTranslation("clusters");
  return (
    <Card className="lg:col-span-2">
      <h2 className="text-lg font-semibold text-slate-900">{t("detail.tickets")}</h2>
      {cluster.keywords.length ? (
        <p className="mt-1 text-sm text-slate-700">{t("detail.keywords", { keywords: cluster.keywords.join(", ") })}</p>
      ) : null}
      <Form method="post" className="mt-3">
        <input type="hidden" name="intent" value="move" />
        <ul className="space-y-3">
          {tickets.map((ticket) => (
            <li key={ticket.id} className="flex gap-3 rounded-md bg-slate-50 p-3">
              {canManage ? (
                <input
                  type="checkbox"
                  name="tickets"
                  value={ticket.id}
                  id={`ticket-${ticket.id}`}
                  className="mt-1 h-4 w-4"
                  aria-label={t("detail.selectTicket", { subject: ticket.subject })}
                />
              ) : null}
              <div className="min-w-0">
                <p className="font-medium text-slate-900">
                  <Highlighted text={ticket.subject} keywords={cluster.keywords} />
                </p>
                <p className="mt-1 break-words text-sm text-slate-800">
                  <Highlighted text={ticket.excerpt} keywords={cluster.keywords} />
                </p>
                <p className="mt-1 text-xs text-slate-700">
                  {formatDate(locale, ticket.openedAt)}
                  {ticket.channel ? ` · ${t(`items:channel.${ticket.channel}`)}` : ""} ·{" "}
                  {t(`ticketStatus.${ticket.status}`)}
                  {ticket.representative ? ` · ${t("detail.representative")}` : ""}
                  {ticket.pinned ? ` · ${t("detail.pinned")}` : ""}
                </p>
              </div>
            </li>
          ))}
        </ul>
        {canManage && choices.length ? (
          <div className="mt-4 flex flex-wrap items-end gap-2">
            <div>
              <label htmlFor="move-target" className="block text-sm font-medium text-slate-800">
                {t("detail.moveTo")}
              </label>
              <select
                id="move-target"
                name="target"
                required
                className="mt-1 rounded-md px-2 py-2 text-sm ring-1 ring-inset ring-slate-400"
              >
                {choices.map((choice) => (
                  <option key={choice.id} value={choice.id}>
                    {clusterName(choice, locale)} ({choice.size})
                  </option>
                ))}
              </select>
            </div>
            <Button variant="secondary" disabled={busy}>
              {t("detail.moveSelected")}
            </Button>
          </div>
        ) : null}
      </Form>
    </Card>
  );
}

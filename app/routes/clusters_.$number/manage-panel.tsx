import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "#app/components/ui/button";
import { Card } from "#app/components/ui/page";
import type { Locale } from "#app/i18n/config";
import { CLUSTER_NAME_MAX } from "#app/schemas/clusters";
import { clusterName } from "#app/services/clusters/names";
import type { ClusterPageData } from "./route";

type Props = Pick<ClusterPageData, "cluster" | "choices"> & { locale: Locale; busy: boolean };

/** A manager's forms: rename, merge into another cluster, split. */
export function ManagePanel({ cluster, choices, locale, busy }: Props) {
  const { t } = useTranslation("clusters");
  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">{t("detail.manage")}</h2>
      <Form method="post" className="mt-3 space-y-2">
        <input type="hidden" name="intent" value="rename" />
        <label htmlFor="cluster-name" className="block text-sm font-medium text-slate-800">
          {t("detail.name")}
        </label>
        <input
          id="cluster-name"
          name="name"
          defaultValue={cluster.name ?? ""}
          maxLength={CLUSTER_NAME_MAX}
          aria-describedby="cluster-name-hint"
          className="block w-full rounded-md px-3 py-2 ring-1 ring-inset ring-slate-400"
        />
        <p id="cluster-name-hint" className="text-xs text-slate-700">
          {t("detail.nameHint")}
        </p>
        <Button variant="secondary" disabled={busy}>
          {t("detail.rename")}
        </Button>
      </Form>
      {choices.length ? (
        <Form method="post" className="mt-5 space-y-2">
          <input type="hidden" name="intent" value="merge" />
          <label htmlFor="merge-target" className="block text-sm font-medium text-slate-800">
            {t("detail.mergeInto")}
          </label>
          <select
            id="merge-target"
            name="target"
            required
            className="block w-full rounded-md px-2 py-2 text-sm ring-1 ring-inset ring-slate-400"
          >
            {choices.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {clusterName(choice, locale)} ({choice.size})
              </option>
            ))}
          </select>
          <Button variant="secondary" disabled={busy}>
            {t("detail.merge")}
          </Button>
        </Form>
      ) : null}
      <Form method="post" className="mt-5 space-y-2">
        <input type="hidden" name="intent" value="split" />
        <label htmlFor="split-k" className="block text-sm font-medium text-slate-800">
          {t("detail.splitParts")}
        </label>
        <input
          id="split-k"
          name="k"
          type="number"
          min={2}
          max={10}
          aria-describedby="split-k-hint"
          className="block w-24 rounded-md px-3 py-2 ring-1 ring-inset ring-slate-400"
        />
        <p id="split-k-hint" className="text-xs text-slate-700">
          {t("detail.splitHint")}
        </p>
        <Button variant="secondary" disabled={busy}>
          {t("detail.split")}
        </Button>
      </Form>
    </Card>
  );
}

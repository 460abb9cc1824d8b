import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { detectLocale } from "#app/i18n/i18n.server";
import { clusterName } from "#app/services/clusters/names";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { ItemDetailFields, KindAndTitleFields, type ItemFormShape } from "#app/components/items/item-fields";
import { StatusBadge } from "#app/components/items/status-badge";
import { VoteButton, VoteForm } from "#app/components/items/vote-button";
import { Button, buttonClass } from "#app/components/ui/button";
import { FormAlert, Notice } from "#app/components/ui/field";
import { Card } from "#app/components/ui/page";
import { z } from "zod";
import { ItemFormSchema, TITLE_MAX, type ItemInput } from "#app/schemas/items";
import { ClusterNumberSchema } from "#app/schemas/clusters";
import { getClusterByNumber } from "#app/services/clusters/manage.server";
import { createItem } from "#app/services/items.server";
import { teamChoices } from "#app/services/teams.server";
import type { loader as similarLoader } from "./items.similar";
import type { loader as clusterSuggestLoader } from "./clusters_.suggest";
import { readForm } from "#app/utils/http.server";
import { isActiveTeam } from "#app/services/users.server";
import { pageTitle } from "#app/i18n/meta";

const TitleDefaultSchema = z.string().trim().max(TITLE_MAX).catch("");

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "items:form.newTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "item:create");
  const teams = await teamChoices(getDb());
  const url = new URL(request.url);
  const kind = url.searchParams.get("kind");
  // "Post an idea from this cluster": the form opens already linked to it.
  const clusterNumber = ClusterNumberSchema.safeParse(url.searchParams.get("cluster") ?? "");
  const cluster = clusterNumber.success ? await getClusterByNumber(getDb(), clusterNumber.data) : undefined;
  return {
    teams,
    cluster:
      cluster && !cluster.retiredAt
        ? { number: cluster.number, label: clusterName(cluster, await detectLocale(request, user.locale)) }
        : null,
    defaults: {
      kind: kind === "insight" || kind === "idea" ? kind : "",
      // "Post it as a new idea" from a search that found nothing starts from the words searched.
      title: TitleDefaultSchema.parse(url.searchParams.get("title") ?? ""),
      teamId: user.teamId ?? "",
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "item:create");
  const submission = parseWithZod(await readForm(request), { schema: ItemFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { clusters, ...input } = submission.value;
  // A team that does not exist (or was archived) is the form's error, not the database's.
  if (input.teamId && !(await isActiveTeam(getDb(), input.teamId))) {
    return data(submission.reply({ fieldErrors: { teamId: ["validation:teamInvalid"] } }), { status: 400 });
  }
  const item = await createItem(getDb(), user, input, undefined, { clusterNumbers: clusters });
  return redirect(`/items/${item.number}`);
}

const DRAFT_KEY = "floorboard:new-item-draft";
const draftFields = ["kind", "title", "area", "body", "channel", "teamId", "tags"] as const;

export default function NewItemPage() {
  const { t } = useTranslation("items");
  const { teams, defaults, cluster } = useLoaderData<typeof loader>();
  const { t: tc } = useTranslation("clusters");
  const clusterSuggestions = useFetcher<typeof clusterSuggestLoader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const similar = useFetcher<typeof similarLoader>();
  const [draftRestored, setDraftRestored] = useState(false);
  const debounce = useRef<ReturnType<typeof setTimeout>>();
  const [form, fields] = useForm<ItemFormShape, ItemInput>({
    id: "new-item",
    lastResult,
    defaultValue: defaults,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ItemFormSchema }),
  });

  // A draft survives an accidental reload: restore it once, save it on every change.
  useEffect(() => {
    const element = formRef.current;
    if (defaults.title) searchSimilar(defaults.title);
    const saved = window.localStorage.getItem(DRAFT_KEY);
    if (!element || !saved || lastResult) return;
    try {
      const values = JSON.parse(saved) as Record<string, string>;
      let restored = false;
      for (const name of draftFields) {
        const value = values[name];
        if (!value) continue;
        // form.elements includes the kind and title fields tied to the form from outside it.
        const controls = [...element.elements].filter(
          (control): control is HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement =>
            "name" in control && control.name === name,
        );
        controls.forEach((control) => {
          if (control instanceof HTMLInputElement && control.type === "radio")
            control.checked = control.value === value;
          else control.value = value;
        });
        restored = true;
      }
      if (values.title) searchSimilar(values.title);
      setDraftRestored(restored);
    } catch {
      window.localStorage.removeItem(DRAFT_KEY);
    }
    // Runs once on mount; searchSimilar is stable enough for that.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function saveDraft() {
    if (!formRef.current) return;
    const formData = new FormData(formRef.current);
    const values = Object.fromEntries(draftFields.map((name) => [name, String(formData.get(name) ?? "")]));
    window.localStorage.setItem(DRAFT_KEY, JSON.stringify(values));
  }

  function discardDraft() {
    window.localStorage.removeItem(DRAFT_KEY);
    formRef.current?.reset();
    setDraftRestored(false);
  }

  function searchSimilar(title: string) {
    clearTimeout(debounce.current);
    debounce.current = setTimeout(() => {
      if (title.trim().length >= 3) similar.load(`/items/similar?q=${encodeURIComponent(title.trim())}`);
      const body = formRef.current?.elements.namedItem("body");
      const bodyText = body instanceof HTMLTextAreaElement ? body.value : "";
      const text = `${title} ${bodyText}`.trim();
      if (text.length >= 3) clusterSuggestions.load(`/clusters/suggest?q=${encodeURIComponent(text.slice(0, 1500))}`);
    }, 250);
  }

  const formProps = getFormProps(form);
  const suggestions = similar.data?.items ?? [];
  return (
    <div className="mx-auto max-w-3xl">
      <Card>
        <h1 className="text-2xl font-bold text-slate-900">{t("form.newTitle")}</h1>
        {draftRestored ? (
          <div className="mt-4">
            <Notice>
              {t("form.draftRestored")}{" "}
              <button type="button" onClick={discardDraft} className="min-h-11 font-semibold underline">
                {t("form.discardDraft")}
              </button>
            </Notice>
          </div>
        ) : null}
        <div className="mt-6 space-y-5" onChange={saveDraft}>
          <FormAlert id={form.errorId} errors={form.errors} />
          <KindAndTitleFields fields={fields} onTitleInput={searchSimilar} />
          {/* Right under the title, where the eye is while typing: a match is a vote, not a duplicate. */}
          <section aria-labelledby="similar-title" className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
            <h2 id="similar-title" className="text-sm font-semibold text-slate-900">
              {t("form.similarTitle")}
            </h2>
            <div aria-live="polite">
              {suggestions.length === 0 ? (
                <p className="mt-1 text-sm text-slate-700">
                  {similar.data?.q ? t("form.similarNone") : t("form.similarIdle")}
                </p>
              ) : (
                <>
                  <p className="mt-1 text-sm text-slate-700">{t("form.similarFound", { count: suggestions.length })}</p>
                  <VoteForm>
                    <ul className="mt-2 space-y-2">
                      {suggestions.map((item) => (
                        <li
                          key={item.id}
                          className="flex items-center gap-3 rounded-lg bg-white p-2 ring-1 ring-slate-200"
                        >
                          <VoteButton item={item} caption={{ vote: t("form.voteInstead"), voted: t("card.voted") }} />
                          <div className="min-w-0">
                            <Link to={`/items/${item.number}`} className="font-medium text-slate-900 hover:underline">
                              #{item.number} {item.title}
                            </Link>
                            <div className="mt-1">
                              <StatusBadge status={item.status} />
                            </div>
                          </div>
                        </li>
                      ))}
                    </ul>
                  </VoteForm>
                </>
              )}
            </div>
          </section>
        </div>
        <Form
          method="post"
          className="mt-5 space-y-5"
          ref={formRef}
          {...formProps}
          onChange={saveDraft}
          onSubmit={(event) => {
            formProps.onSubmit(event);
            if (!event.defaultPrevented) window.localStorage.removeItem(DRAFT_KEY);
          }}
        >
          <ItemDetailFields fields={fields} teams={teams} />
          <fieldset className="space-y-2">
            <legend className="font-medium text-slate-900">{tc("link.legend")}</legend>
            {cluster ? (
              <p className="flex flex-wrap items-center gap-2 text-sm">
                <input type="hidden" name="clusters" value={cluster.number} />
                <span className="rounded-full bg-brand-50 px-3 py-1 font-semibold text-brand-800 ring-1 ring-brand-100">
                  {tc("link.chip", { label: cluster.label })}
                </span>
              </p>
            ) : null}
            <div aria-live="polite">
              {(clusterSuggestions.data?.clusters ?? [])
                .filter((suggestion) => suggestion.number !== cluster?.number)
                .map((suggestion) => (
                  <label
                    key={suggestion.number}
                    htmlFor={`cluster-${suggestion.number}`}
                    className="flex min-h-11 items-center gap-3 text-sm text-slate-900"
                  >
                    <input
                      type="checkbox"
                      name="clusters"
                      value={suggestion.number}
                      id={`cluster-${suggestion.number}`}
                      className="h-5 w-5 shrink-0"
                    />
                    {tc("link.suggestion", { label: suggestion.label, count: suggestion.size })}
                  </label>
                ))}
              {!cluster && !clusterSuggestions.data?.clusters.length ? (
                <p className="text-sm text-slate-700">{tc("link.hint")}</p>
              ) : null}
            </div>
          </fieldset>
          {/* The whole row is the checkbox's label, so a thumb cannot miss it. */}
          <label
            htmlFor={fields.anonymous.id}
            className="flex min-h-11 cursor-pointer items-start gap-3 rounded-md bg-slate-50 p-3"
          >
            <input
              {...getInputProps(fields.anonymous, { type: "checkbox" })}
              className="mt-0.5 h-6 w-6 shrink-0"
              aria-describedby={`${fields.anonymous.id}-hint`}
            />
            <span>
              <span className="block font-medium text-slate-900">{t("form.anonymous")}</span>
              <span id={`${fields.anonymous.id}-hint`} className="block text-sm text-slate-700">
                {t("form.anonymousHint")}
              </span>
            </span>
          </label>
          <div className="flex gap-3">
            <Button disabled={navigation.state === "submitting"} className="min-h-11">
              {t("form.submit")}
            </Button>
            <Link to="/board" className={buttonClass("ghost", "min-h-11")}>
              {t("form.cancel")}
            </Link>
          </div>
        </Form>
      </Card>
    </div>
  );
}

import { type SubmissionResult, getCollectionProps, getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { Button } from "#app/components/ui/button";
import { ErrorList, Field, FormAlert, Notice, RowError } from "#app/components/ui/field";
import { Card, EmptyState, PageHeader } from "#app/components/ui/page";
import { defaultLocale } from "#app/i18n/config";
import { formatDate, formatDateTime } from "#app/i18n/format";
import type { loader as rootLoader } from "#app/root";
import { CreateApiKeySchema, RevokeApiKeySchema } from "#app/schemas/api";
import { createApiKey, listApiKeys, revokeApiKey } from "#app/services/api-keys.server";
import { apiScopes, type ApiScope } from "#app/services/api-scopes";
import { badRequest, formError, getClientIp, readForm } from "#app/utils/http.server";
import { formErrorFor } from "#app/utils/forms";
import { pageTitle } from "#app/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "api:keys.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "api-keys:manage");
  return { keys: await listApiKeys(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "api-keys:manage");
  const actor = { id: admin.id, ip: getClientIp(request) };
  const formData = await readForm(request);
  const db = getDb();
  switch (formData.get("intent")) {
    case "create": {
      const submission = parseWithZod(formData, { schema: CreateApiKeySchema });
      if (submission.status !== "success") return data({ create: submission.reply() }, { status: 400 });
      const created = await createApiKey(db, actor, submission.value);
      // The plain key travels in this one response and is never readable again.
      return { create: submission.reply({ resetForm: true }), created: { name: created.name, key: created.key } };
    }
    case "revoke": {
      const submission = parseWithZod(formData, { schema: RevokeApiKeySchema });
      if (submission.status !== "success") throw badRequest();
      const revoked = await revokeApiKey(db, actor, submission.value.keyId);
      if (!revoked) return formError("revoke", "api:errors.revokeFailed", { target: submission.value.keyId });
      return { revoked: submission.value.keyId };
    }
    default:
      throw badRequest();
  }
}

type ActionData = Partial<{
  create: SubmissionResult<string[]>;
  created: { name: string; key: string };
  revoked: string;
}>;

/** "items:read" → "api:scopes.items.read": i18next reads ":" as the namespace separator. */
function scopeKey(scope: ApiScope, part: "label" | "hint"): string {
  return `api:scopes.${scope.replace(":", ".")}.${part}`;
}

export default function AdminApiKeysPage() {
  const { t } = useTranslation();
  const { keys } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "create-api-key",
    lastResult: actionData?.create,
    // Not on blur: an error appearing or vanishing as a field loses focus moves the
    // submit button under the pointer, and the click that caused the blur is lost.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    defaultValue: { scopes: ["items:read"] },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateApiKeySchema }),
  });
  const scopeOptions = getCollectionProps(fields.scopes, { type: "checkbox", options: [...apiScopes] });

  return (
    <>
      <PageHeader title={t("api:keys.title")} description={t("api:keys.description")} />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <h2 className="sr-only">{t("api:keys.listTitle")}</h2>
          {actionData?.revoked ? <Notice>{t("api:keys.revokedNotice")}</Notice> : null}
          <RowError message={formErrorFor(actionData, "revoke")} />
          {keys.length === 0 ? (
            <EmptyState title={t("api:keys.empty")} />
          ) : (
            <ul className="space-y-3">
              {keys.map((key) => (
                <li key={key.id}>
                  <Card className={key.revokedAt ? "opacity-80" : ""}>
                    <div className="flex flex-wrap items-start justify-between gap-3">
                      <div className="min-w-0">
                        <h3 className="font-semibold text-slate-900">
                          {key.name}
                          <span
                            className={`ml-2 rounded px-2 py-0.5 text-xs font-semibold ${key.revokedAt ? "bg-slate-200 text-slate-800" : "bg-emerald-100 text-emerald-900"}`}
                          >
                            {key.revokedAt
                              ? t("api:keys.revokedOn", { date: formatDate(locale, key.revokedAt) })
                              : t("api:keys.active")}
                          </span>
                        </h3>
                        <p className="mt-1 text-sm text-slate-700">
                          {t("api:keys.startsWith")} <code className="font-mono">{key.prefix}…</code>
                        </p>
                        <p className="mt-1 text-sm text-slate-700">
                          {key.createdByName
                            ? t("api:keys.created", {
                                date: formatDate(locale, key.createdAt),
                                name: key.createdByName,
                              })
                            : t("api:keys.createdByGone", { date: formatDate(locale, key.createdAt) })}
                          {" · "}
                          {key.lastUsedAt
                            ? t("api:keys.lastUsed", { date: formatDateTime(locale, key.lastUsedAt) })
                            : t("api:keys.neverUsed")}
                        </p>
                        <p className="mt-2 text-sm">
                          <span className="sr-only">{t("api:keys.scopes")}: </span>
                          {key.scopes.map((scope) => (
                            <span
                              key={scope}
                              className="mr-1 inline-block rounded bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-800"
                            >
                              {scope}
                            </span>
                          ))}
                        </p>
                      </div>
                      {key.revokedAt ? null : (
                        <Form method="post">
                          <input type="hidden" name="keyId" value={key.id} />
                          <Button
                            name="intent"
                            value="revoke"
                            variant="danger"
                            aria-label={t("api:keys.revokeFor", { name: key.name })}
                          >
                            {t("api:keys.revoke")}
                          </Button>
                        </Form>
                      )}
                    </div>
                    <RowError message={formErrorFor(actionData, "revoke", key.id)} />
                  </Card>
                </li>
              ))}
            </ul>
          )}
        </div>
        <Card>
          <h2 className="text-lg font-semibold">{t("api:keys.createTitle")}</h2>
          <p className="mt-1 text-sm text-slate-700">{t("api:keys.createHint")}</p>
          {actionData?.created ? (
            <div className="mt-4">
              <Notice>
                <p>{t("api:keys.createdNotice", { name: actionData.created.name })}</p>
                <label htmlFor="new-api-key" className="mt-2 block font-semibold">
                  {t("api:keys.newKey")}
                </label>
                <input
                  id="new-api-key"
                  readOnly
                  value={actionData.created.key}
                  aria-describedby="new-api-key-note"
                  className="mt-1 w-full rounded border border-emerald-400 bg-white px-2 py-1 font-mono text-xs"
                />
                <p id="new-api-key-note" className="mt-2 font-semibold">
                  {t("api:keys.shownOnce")}
                </p>
                <p className="mt-1">{t("api:keys.usage")}</p>
              </Notice>
            </div>
          ) : null}
          <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="create" />
            <FormAlert id={form.errorId} errors={form.errors} />
            <Field
              label={t("api:keys.name")}
              hint={t("api:keys.nameHint")}
              errors={fields.name.errors}
              inputProps={getInputProps(fields.name, { type: "text" })}
            />
            <fieldset>
              <legend className="text-sm font-medium text-slate-800">{t("api:keys.scopes")}</legend>
              <ul className="mt-2 space-y-2">
                {scopeOptions.map(({ key: _key, ...props }) => {
                  const scope = props.value as ApiScope;
                  const hintId = `${props.id}-hint`;
                  return (
                    <li key={scope} className="flex items-start gap-2">
                      <input
                        {...props}
                        className="mt-1 size-4 rounded border-slate-400"
                        aria-describedby={[hintId, props["aria-describedby"]].filter(Boolean).join(" ")}
                      />
                      <div>
                        <label htmlFor={props.id} className="text-sm font-medium text-slate-900">
                          {t(scopeKey(scope, "label"))}{" "}
                          <code className="font-mono text-xs text-slate-700">{scope}</code>
                        </label>
                        <p id={hintId} className="text-sm text-slate-700">
                          {t(scopeKey(scope, "hint"))}
                        </p>
                      </div>
                    </li>
                  );
                })}
              </ul>
              <ErrorList id={fields.scopes.errorId} errors={fields.scopes.errors} />
            </fieldset>
            <Button disabled={navigation.state === "submitting"}>{t("api:keys.create")}</Button>
          </Form>
        </Card>
      </div>
    </>
  );
}

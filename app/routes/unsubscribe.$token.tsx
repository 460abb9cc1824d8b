import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "#db/client.server";
import { Button, buttonClass } from "#app/components/ui/button";
import { Card } from "#app/components/ui/page";
import { findUnsubscribeTarget, unsubscribeByToken } from "#app/services/email/unsubscribe.server";
import { notFound } from "#app/utils/http.server";
import { RouteErrorBoundary } from "#app/components/error-page";
import { pageTitle } from "#app/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "email:unsubscribe.title"),
  { name: "robots", content: "noindex" },
];

// The link in every email: no sign-in needed, the token alone says whose emails stop.
export async function loader({ params }: LoaderFunctionArgs) {
  const target = await findUnsubscribeTarget(getDb(), params.token ?? "");
  if (!target) throw notFound("email:unsubscribe.linkUnknown");
  return { alreadyOff: target.emailMode === "off" };
}

// Also the target of one-click unsubscribe (RFC 8058) from mail clients.
export async function action({ params }: ActionFunctionArgs) {
  const done = await unsubscribeByToken(getDb(), params.token ?? "");
  if (!done) throw notFound("email:unsubscribe.linkUnknown");
  return { done };
}

export function ErrorBoundary() {
  return <RouteErrorBoundary back={{ to: "/account", label: "email:unsubscribe.toAccount" }} />;
}

export default function UnsubscribePage() {
  const { t } = useTranslation();
  const { alreadyOff } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  if (actionData?.done || alreadyOff) {
    return (
      <Card>
        <h1 className="text-2xl font-bold text-slate-900">{t("email:unsubscribe.doneTitle")}</h1>
        <p role="status" className="mt-2 text-slate-700">
          {actionData?.done ? t("email:unsubscribe.done") : t("email:unsubscribe.alreadyOff")}
        </p>
        <Link to="/account" className={buttonClass("secondary", "mt-6")}>
          {t("email:unsubscribe.toAccount")}
        </Link>
      </Card>
    );
  }
  return (
    <Card>
      <h1 className="text-2xl font-bold text-slate-900">{t("email:unsubscribe.title")}</h1>
      <p className="mt-2 text-slate-700">{t("email:unsubscribe.body")}</p>
      <Form method="post" className="mt-6">
        <Button disabled={navigation.state === "submitting"}>{t("email:unsubscribe.confirm")}</Button>
      </Form>
    </Card>
  );
}

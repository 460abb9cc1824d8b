import { Link, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { buttonClass } from "#app/components/ui/button";
import { readErrorPayload } from "#app/utils/errors";

/** The statuses with their own title and explanation; anything else reads as a 500. */
const knownStatuses = [400, 403, 404, 409, 410, 413, 429, 503] as const;

/** Where the page's link goes back to, and its label (an i18n key). */
export type BackLink = { to: string; label: string };

const home: BackLink = { to: "/", label: "errors.home" };

type Props = { status: number; reason?: string | null; values?: Record<string, string | number>; back?: BackLink };

/**
 * What a person sees when a page cannot be shown: the status, a title, the page's own message
 * when the server named one ("Item #42 does not exist") or the status's explanation, and a way back.
 */
export function ErrorPage({ status, reason = null, values = {}, back = home }: Props) {
  const { t } = useTranslation();
  const known = (knownStatuses as readonly number[]).includes(status) ? status : 500;
  return (
    <section aria-labelledby="error-title" className="mx-auto max-w-lg px-1 py-10 text-center sm:py-12">
      <div role="alert">
        <p className="text-sm font-semibold text-brand-700">{t("errors.code", { status })}</p>
        <h1 id="error-title" className="mt-2 text-2xl font-bold break-words text-slate-900">
          {t(`errors.${known}.title`)}
        </h1>
        <p className="mt-3 break-words text-slate-700">
          {reason ? t(reason, { ...values, defaultValue: t(`errors.${known}.body`) }) : t(`errors.${known}.body`)}
        </p>
      </div>
      <Link to={back.to} className={buttonClass("primary", "mt-6")}>
        {t(back.label)}
      </Link>
    </section>
  );
}

/** The error a route threw, as the error page shows it; unexpected errors are logged and read as a 500. */
export function useRouteErrorPage(): Omit<Props, "back"> {
  const error = useRouteError();
  if (!isRouteErrorResponse(error)) {
    console.error(error);
    return { status: 500 };
  }
  const payload = readErrorPayload(error.data);
  return { status: error.status, reason: payload?.reason ?? null, values: payload?.values };
}

/** A route's error boundary: `export function ErrorBoundary() { return <RouteErrorBoundary back={…} />; }`. */
export function RouteErrorBoundary({ back }: { back?: BackLink }) {
  return <ErrorPage {...useRouteErrorPage()} back={back} />;
}

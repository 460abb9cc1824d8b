import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useChangeLanguage } from "remix-i18next/react";
import { getDb } from "#db/client.server";
import { getSession } from "#app/auth/session.server";
import { AppShell, PublicShell } from "#app/components/app-shell";
import { ErrorPage, useRouteErrorPage } from "#app/components/error-page";
import { defaultLocale } from "#app/i18n/config";
import { setDisplayTimeZone } from "#app/i18n/format";
import { detectLocale } from "#app/i18n/i18n.server";
import { unreadCount } from "#app/services/notifications.server";
import { touchLastSeen } from "#app/services/users.server";
import { getEnv } from "#app/utils/env.server";
import { useNonce } from "#app/utils/nonce";
import stylesheet from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Floorboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, setCookie } = await getSession(request);
  const locale = await detectLocale(request, user?.locale);
  const unread = user ? (await Promise.all([unreadCount(getDb(), user.id), touchLastSeen(getDb(), user.id)]))[0] : 0;
  const headers = new Headers({ Vary: "Cookie, Accept-Language" });
  if (setCookie) headers.append("Set-Cookie", setCookie);
  return data(
    {
      locale,
      timeZone: getEnv().APP_TIME_ZONE,
      // Where this page's live stream starts, so nothing committed while it loads is missed.
      liveSince: typeof context.liveSince === "number" ? context.liveSince : null,
      user: user ? { id: user.id, name: user.name, email: user.email, role: user.role, unread } : null,
    },
    { headers },
  );
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>["data"];

export function Layout({ children }: { children: ReactNode }) {
  const rootData = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  return (
    <html lang={rootData?.locale ?? defaultLocale} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#163f8c" />
        <Meta />
        <Links />
      </head>
      <body className="h-full">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** A route whose handle has `bare: true` (the wall display) renders without the app's chrome. */
function useBare(): boolean {
  return useMatches().some((match) => (match.handle as { bare?: boolean } | undefined)?.bare === true);
}

export default function App() {
  const { locale, timeZone, user } = useLoaderData<typeof loader>();
  // Before any child renders a time, on the server and in the browser alike.
  setDisplayTimeZone(timeZone);
  useChangeLanguage(locale);
  const bare = useBare();
  if (bare) return <Outlet />;
  return user ? (
    <AppShell user={user} locale={locale}>
      <Outlet />
    </AppShell>
  ) : (
    <PublicShell locale={locale}>
      <Outlet />
    </PublicShell>
  );
}

export function ErrorBoundary() {
  const rootData = useRouteLoaderData<typeof loader>("root");
  const body = <ErrorPage {...useRouteErrorPage()} />;
  const locale = rootData?.locale ?? defaultLocale;
  return rootData?.user ? (
    <AppShell user={rootData.user} locale={locale}>
      {body}
    </AppShell>
  ) : (
    <PublicShell locale={locale}>{body}</PublicShell>
  );
}

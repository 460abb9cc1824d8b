import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { getDb } from "#db/client.server";
import wallStyles from "#app/components/wall/wall.css?url";
import { isLocale } from "#app/i18n/config";
import { DisplayTokenSchema, wallPanels, type WallPanel } from "#app/schemas/displays";
import { resolveDisplayToken, touchDisplay } from "#app/services/displays.server";
import { getWallData } from "#app/services/wall.server";
import { getEnv } from "#app/utils/env.server";
import { notFound } from "#app/utils/http.server";
import { useRouteErrorPage } from "#app/components/error-page";
import { Revoked, Wall } from "./wall";

/** The wall renders without the app's navigation. */
export const handle = { bare: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: wallStyles }];

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [
  { title: loaderData && "display" in loaderData ? `${loaderData.display.name} · Floorboard` : "Floorboard" },
  { name: "robots", content: "noindex" },
];

const headers = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = DisplayTokenSchema.safeParse(params.token);
  if (!token.success) throw notFound("wall:notFound", undefined, headers);
  const db = getDb();
  const resolved = await resolveDisplayToken(db, token.data);
  if (resolved.status === "unknown") throw notFound("wall:notFound", undefined, headers);
  const locale = isLocale(resolved.display.locale) ? resolved.display.locale : "it";
  if (resolved.status === "revoked") {
    // Only the language: a revoked token shows nothing of what the display showed.
    return data({ revoked: true as const, locale }, { status: 410, headers });
  }
  const { display } = resolved;
  const [wall] = await Promise.all([getWallData(db, display), touchDisplay(db, display.id)]);
  const base = getEnv().PUBLIC_URL ?? new URL(request.url).origin;
  const newItemUrl = new URL("/items/new", base).toString();
  const qrSvg = display.panels.includes("qr")
    ? await QRCode.toString(newItemUrl, {
        type: "svg",
        margin: 1,
        errorCorrectionLevel: "M",
        color: { dark: "#020617", light: "#ffffff" },
      })
    : null;
  return data(
    {
      revoked: false as const,
      locale,
      display: {
        name: display.name,
        location: display.location,
        panels: display.panels.filter((panel): panel is WallPanel => (wallPanels as readonly string[]).includes(panel)),
        rotationSeconds: display.rotationSeconds,
      },
      token: token.data,
      wall,
      newItemUrl,
      qr: qrSvg ? `data:image/svg+xml;base64,${Buffer.from(qrSvg).toString("base64")}` : null,
    },
    { headers },
  );
}

export default function WallPage() {
  const loaderData = useLoaderData<typeof loader>();
  const { t } = useTranslation(["wall", "items"], { lng: loaderData.locale });
  if (loaderData.revoked)
    return <Revoked message={t("wall:revoked")} hint={t("wall:revokedHint")} locale={loaderData.locale} />;
  return <Wall key={loaderData.token} />;
}

/**
 * A wall that lost its server mid-refresh shows a calm notice and tries again by itself; a
 * display that does not exist says so, in the server's words, and stops trying.
 */
export function ErrorBoundary() {
  const { status, reason, values } = useRouteErrorPage();
  const { t } = useTranslation("wall");
  const missing = status === 404;
  useEffect(() => {
    if (missing) return;
    const timer = setTimeout(() => window.location.reload(), 30_000);
    return () => clearTimeout(timer);
  }, [missing]);
  return (
    <main className="fb-wall flex h-screen w-screen flex-col items-center justify-center bg-slate-950 p-[4rem] text-center text-white">
      <h1 className="text-[3rem] font-bold">{missing ? t(reason ?? "wall:notFound", values) : t("reconnecting")}</h1>
    </main>
  );
}

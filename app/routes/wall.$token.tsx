import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRevalidator, useRouteError, useSearchParams } from "@remix-run/react";
import QRCode from "qrcode";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { useEventStream, type LiveEventData } from "#app/components/live/use-event-stream";
import { DonePanel, ListPanel, QrPanel, WhiteboardPanel } from "#app/components/wall/panels";
import { TrendsPanel } from "#app/components/wall/trends-panel";
import wallStyles from "#app/components/wall/wall.css?url";
import { isLocale } from "#app/i18n/config";
import { getDisplayTimeZone } from "#app/i18n/format";
import { DisplayTokenSchema, wallPanels, type WallPanel } from "#app/schemas/displays";
import { resolveDisplayToken, touchDisplay } from "#app/services/displays.server";
import { getWallData } from "#app/services/wall.server";
import { getEnv } from "#app/utils/env.server";
import { DAY_MS } from "#app/utils/time";

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
  if (!token.success) throw data("Not found", { status: 404, headers });
  const db = getDb();
  const resolved = await resolveDisplayToken(db, token.data);
  if (resolved.status === "unknown") throw data("Not found", { status: 404, headers });
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

const PanelParamSchema = z.enum(wallPanels).optional().catch(undefined);
const OFFLINE_BADGE_AFTER_MS = 30_000;
const PIXEL_SHIFT_MS = 3 * 60_000;

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** A few pixels of drift every few minutes, against burn-in. */
function usePixelShift(): { x: number; y: number } {
  const [shift, setShift] = useState({ x: 0, y: 0 });
  useEffect(() => {
    const steps = [
      [0, 0],
      [3, 1],
      [2, -3],
      [-2, -2],
      [-3, 2],
      [1, 3],
    ] as const;
    let step = 0;
    const timer = setInterval(() => {
      step = (step + 1) % steps.length;
      const [x, y] = steps[step] ?? [0, 0];
      setShift({ x, y });
    }, PIXEL_SHIFT_MS);
    return () => clearInterval(timer);
  }, []);
  return shift;
}

export default function WallPage() {
  const loaderData = useLoaderData<typeof loader>();
  const { t } = useTranslation(["wall", "items"], { lng: loaderData.locale });
  if (loaderData.revoked)
    return <Revoked message={t("wall:revoked")} hint={t("wall:revokedHint")} locale={loaderData.locale} />;
  return <Wall key={loaderData.token} />;
}

function Revoked({ message, hint, locale }: { message: string; hint: string; locale: string }) {
  return (
    <main
      lang={locale}
      className="fb-wall flex h-screen w-screen flex-col items-center justify-center bg-slate-950 p-[4rem] text-center text-white"
    >
      <h1 className="text-[3.5rem] font-bold">{message}</h1>
      <p className="mt-[1.5rem] text-[1.6rem] text-slate-300">{hint}</p>
    </main>
  );
}

function Wall() {
  const loaderData = useLoaderData<typeof loader>();
  if (loaderData.revoked) throw new Error("unreachable");
  const { display, wall, token, locale } = loaderData;
  const { t } = useTranslation(["wall", "items"], { lng: locale });
  const revalidator = useRevalidator();
  const [searchParams] = useSearchParams();
  const pinned = PanelParamSchema.parse(searchParams.get("panel") ?? undefined);
  const panels = display.panels.length > 0 ? display.panels : (["qr"] as WallPanel[]);
  const [index, setIndex] = useState(0);
  const now = useNow(5_000);
  const shift = usePixelShift();

  // Rotation.
  useEffect(() => {
    if (pinned || panels.length < 2) return;
    const timer = setInterval(
      () => setIndex((current) => (current + 1) % panels.length),
      display.rotationSeconds * 1000,
    );
    return () => clearInterval(timer);
  }, [pinned, panels.length, display.rotationSeconds]);

  // A quiet full reload once a day picks up new versions and clears any slow leak.
  useEffect(() => {
    const timer = setTimeout(() => window.location.reload(), DAY_MS + Math.random() * 60 * 60_000);
    return () => clearTimeout(timer);
  }, []);

  // Live: refresh the data at most every quarter second while events arrive.
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const refresh = useCallback(() => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      revalidate.current();
    }, 250);
  }, []);
  useEffect(() => () => clearTimeout(pending.current), []);
  const onEvent = useCallback(
    (event: LiveEventData) => {
      if (event.type === "display.revoked" || event.type === "display.updated") window.location.reload();
      else refresh();
    },
    [refresh],
  );
  const onError = useCallback(() => {
    // The stream cannot say why it failed: ask the page whether this display still exists.
    void fetch(window.location.href, { method: "HEAD", cache: "no-store" })
      .then((response) => {
        if (response.status === 410 || response.status === 404) window.location.reload();
      })
      .catch(() => {});
  }, []);
  const status = useEventStream({
    url: `/api/v1/events?display=${encodeURIComponent(token)}`,
    onEvent,
    onReset: refresh,
    onReconnect: refresh,
    onError,
  });
  const offline = status.offlineSince !== null && now - status.offlineSince > OFFLINE_BADGE_AFTER_MS;

  const panel = pinned ?? panels[index % panels.length] ?? "qr";
  // The office's time (APP_TIME_ZONE), whatever zone the TV's browser was set to.
  const time = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone: getDisplayTimeZone() });

  return (
    <main
      lang={locale}
      className="fb-wall flex h-screen w-screen flex-col overflow-hidden bg-slate-950 px-[2.5rem] pb-[1.5rem] pt-[1.2rem] text-slate-50"
      style={{ transform: `translate(${shift.x}px, ${shift.y}px)` }}
      data-panel={panel}
    >
      <header className="mb-[1.2rem] flex items-center justify-between gap-[2rem]">
        <div className="min-w-0">
          <h1 className="truncate text-[1.5rem] font-semibold text-slate-200">
            Floorboard · {display.name}
            {display.location ? <span className="text-slate-400"> · {display.location}</span> : null}
          </h1>
        </div>
        <div className="flex items-center gap-[1.5rem]">
          {offline && status.offlineSince ? (
            <p
              role="status"
              className="rounded-full bg-red-700 px-[1rem] py-[0.3rem] text-[1.2rem] font-bold text-white"
            >
              {t("wall:offlineSince", { time: time.format(new Date(status.offlineSince)) })}
            </p>
          ) : null}
          <ol className="flex gap-[0.5rem]" aria-label={t("wall:panelsLabel")}>
            {panels.map((name) => (
              <li
                key={name}
                aria-current={name === panel ? "true" : undefined}
                className={`size-[0.8rem] rounded-full ${name === panel ? "bg-yellow-300" : "bg-slate-600"}`}
              >
                <span className="sr-only">{t(`wall:panels.${name}`)}</span>
              </li>
            ))}
          </ol>
          <p className="text-[1.5rem] font-semibold tabular-nums text-slate-100" suppressHydrationWarning>
            {time.format(new Date(now))}
          </p>
        </div>
      </header>
      <div key={panel} className="min-h-0 flex-1">
        {panel === "whiteboard" && wall.whiteboard ? (
          <WhiteboardPanel t={t} columns={wall.whiteboard} locale={locale} />
        ) : null}
        {panel === "top" && wall.top ? (
          <ListPanel t={t} locale={locale} title={t("wall:panels.top")} empty={t("wall:empty.top")} notes={wall.top} />
        ) : null}
        {panel === "recent" && wall.recent ? (
          <ListPanel
            t={t}
            locale={locale}
            title={t("wall:panels.recent")}
            empty={t("wall:empty.recent")}
            notes={wall.recent}
            meta={(note) => {
              const author = wall.recent?.find((item) => item.id === note.id)?.authorName;
              return author ? t("wall:by", { name: author }) : t("wall:anonymous");
            }}
          />
        ) : null}
        {panel === "done" && wall.done ? <DonePanel t={t} items={wall.done} locale={locale} /> : null}
        {panel === "trends" && wall.trends ? <TrendsPanel t={t} trends={wall.trends} locale={locale} /> : null}
        {panel === "qr" && loaderData.qr ? (
          <QrPanel t={t} svgDataUrl={loaderData.qr} url={loaderData.newItemUrl} />
        ) : null}
      </div>
    </main>
  );
}

/** A wall that lost its server mid-refresh shows a calm notice and tries again by itself. */
export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation("wall");
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  useEffect(() => {
    if (notFound) return;
    const timer = setTimeout(() => window.location.reload(), 30_000);
    return () => clearTimeout(timer);
  }, [notFound]);
  return (
    <main className="fb-wall flex h-screen w-screen flex-col items-center justify-center bg-slate-950 p-[4rem] text-center text-white">
      <h1 className="text-[3rem] font-bold">{notFound ? t("notFound") : t("reconnecting")}</h1>
    </main>
  );
}

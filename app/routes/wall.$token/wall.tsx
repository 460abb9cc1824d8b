import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { DonePanel, ListPanel, QrPanel, WhiteboardPanel } from "#app/components/wall/panels";
import { TrendsPanel } from "#app/components/wall/trends-panel";
import { getDisplayTimeZone } from "#app/i18n/format";
import { wallPanels, type WallPanel } from "#app/schemas/displays";
import type { loader } from "./route";
import { useDailyReload, useNow, usePixelShift } from "./screen-care";
import { useWallLive } from "./use-wall-live";

const PanelParamSchema = z.enum(wallPanels).optional().catch(undefined);
const OFFLINE_BADGE_AFTER_MS = 30_000;

export function Revoked({ message, hint, locale }: { message: string; hint: string; locale: string }) {
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

/** The panels in rotation (or the one in `?panel=`), with the clock and the offline badge. */
export function Wall() {
  const loaderData = useLoaderData<typeof loader>();
  if (loaderData.revoked) throw new Error("unreachable");
  const { display, wall, token, locale } = loaderData;
  const { t } = useTranslation(["wall", "items"], { lng: locale });
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

  useDailyReload();

  const status = useWallLive(token);
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

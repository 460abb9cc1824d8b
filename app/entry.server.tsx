import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { createInstance, type i18n } from "i18next";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { defaultLocale, i18nOptions, isLocale, resources } from "#app/i18n/config";
import { memoiseTranslations } from "#app/i18n/memoise";
import { NonceProvider } from "#app/utils/nonce";

export const streamTimeout = 5_000;

// One i18next instance per language, made once: its language never changes, so requests
// can share it, and initialising one per request was a measurable part of each render.
const instances = new Map<string, Promise<i18n>>();

function i18nFor(locale: string): Promise<i18n> {
  let instance = instances.get(locale);
  if (!instance) {
    const created = createInstance();
    instance = created
      .use(initReactI18next)
      .init({ ...i18nOptions, lng: locale, resources })
      .then(() => memoiseTranslations(created));
    instances.set(locale, instance);
  }
  return instance;
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The root loader has already settled the language (preference, cookie, header).
  const rootData = remixContext.staticHandlerContext.loaderData["root"] as { locale?: unknown } | undefined;
  const locale = isLocale(rootData?.locale) ? rootData.locale : defaultLocale;
  const i18n = await i18nFor(locale);

  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : undefined;

  // No page defers data, so the document is rendered whole and sent as one buffer: streaming
  // it sent dozens of small socket writes per page and gained no earlier first byte.
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // A render still running this long after is stopped; a finished one clears this at once.
    const timeout = setTimeout(() => abort(), streamTimeout + 1_000);
    const chunks: Buffer[] = [];
    const body = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        const html = Buffer.concat(chunks);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        responseHeaders.set("Content-Length", String(html.byteLength));
        clearTimeout(timeout);
        resolve(new Response(html, { headers: responseHeaders, status: responseStatusCode }));
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timeout);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // An error in the shell reaches Remix through onShellError, which reports it.
          if (shellRendered) console.error(error);
        },
      },
    );
  });
}

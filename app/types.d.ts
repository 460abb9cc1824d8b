import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string;
    /** The newest live event when the request arrived (undefined until the process listens). */
    liveSince?: number;
  }
}

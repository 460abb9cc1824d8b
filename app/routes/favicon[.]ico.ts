import { redirect } from "@remix-run/node";

// Browsers ask for /favicon.ico on their own; the icon is an SVG.
export function loader() {
  return redirect("/favicon.svg", { status: 301 });
}

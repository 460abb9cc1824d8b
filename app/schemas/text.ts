import type { z } from "zod";

/*
 * Rules for text people type, shared by every form and the API. PostgreSQL cannot store NUL;
 * names and titles are shown on one line to other people (pages, emails, the office wall), so
 * they may not carry line breaks or other control characters, nor bidi overrides that reorder
 * what follows them, and they need at least one character that can be seen.
 */

/** True when the text holds a NUL character, which no text column can store. */
export function hasNul(value: string): boolean {
  return value.includes("\u0000");
}

// C0 controls (tab, CR and LF included) and DEL.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
// Embeddings, overrides and isolates (LRE…RLO, LRI…PDI) and the Arabic letter mark.
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069\u061c]/;
// Anything but separators, controls, format characters (zero-width ones) and unassigned code points.
const VISIBLE = /[^\p{Z}\p{C}]/u;

/** A multi-line text: anything but NUL. */
export function noNul<Schema extends z.ZodString>(schema: Schema, message = "validation:nulCharacter") {
  return schema.refine((value) => !hasNul(value), { error: message });
}

/**
 * A one-line text shown to others, such as a display name or an item title: no control
 * characters, no bidi controls, at least one visible character. Apply after trim and length.
 */
export function visibleLine<Schema extends z.ZodString>(schema: Schema) {
  return schema
    .refine((value) => !CONTROL.test(value), { error: "validation:controlCharacters", abort: true })
    .refine((value) => !BIDI_CONTROL.test(value), { error: "validation:bidiControl", abort: true })
    .refine((value) => VISIBLE.test(value), { error: "validation:visibleRequired" });
}

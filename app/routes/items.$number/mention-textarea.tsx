import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { mentionAtCaret } from "#app/utils/handle";
import type { loader as peopleLoader } from "../people.suggest";

type Person = { handle: string; name: string };

/**
 * A comment box that suggests people after "@" (arrow keys, Enter or Tab to pick, Escape
 * to close). Without JavaScript it is a plain textarea, and "@name.surname" still works.
 */
export function MentionTextarea(props: TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string }) {
  const { t } = useTranslation("items");
  const fetcher = useFetcher<typeof peopleLoader>();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [token, setToken] = useState<{ query: string; start: number } | null>(null);
  const [active, setActive] = useState(0);
  const listId = `${props.id}-people`;
  const answered = token !== null && token.query.length > 0 && fetcher.data?.q === token.query;
  // Answers can land out of order, the last one for an earlier query: ask once more for the
  // query on screen, so the list and its announcement match what is typed.
  const askedAgain = useRef<string | null>(null);
  const stale =
    token !== null && token.query.length > 0 && fetcher.state === "idle" && fetcher.data !== undefined && !answered;
  useEffect(() => {
    if (!stale || !token || askedAgain.current === token.query) return;
    askedAgain.current = token.query;
    fetcher.load(`/people/suggest?q=${encodeURIComponent(token.query)}`);
  }, [stale, token, fetcher]);
  const people: Person[] = token?.query ? (fetcher.data?.people ?? []) : [];
  const open = people.length > 0;

  function update(element: HTMLTextAreaElement) {
    const next = mentionAtCaret(element.value, element.selectionStart);
    setToken(next);
    setActive(0);
    askedAgain.current = null;
    if (next?.query) fetcher.load(`/people/suggest?q=${encodeURIComponent(next.query)}`);
  }

  function choose(person: Person) {
    const element = ref.current;
    if (!element || !token) return;
    const insert = `@${person.handle} `;
    const caret = token.start + insert.length;
    element.value = element.value.slice(0, token.start) + insert + element.value.slice(element.selectionStart);
    element.setSelectionRange(caret, caret);
    element.focus();
    setToken(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Escape" && token) {
      event.preventDefault();
      setToken(null);
      return;
    }
    if (!open) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current) => (current + step + people.length) % people.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      const person = people[active];
      if (!person) return;
      event.preventDefault();
      choose(person);
    }
  }

  const status = !token?.query
    ? ""
    : !answered
      ? ""
      : people.length
        ? t("item.mentionCount", { count: people.length })
        : t("item.mentionNone", { query: token.query });
  return (
    <div className="relative">
      <textarea
        {...props}
        ref={ref}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onInput={(event) => update(event.currentTarget)}
        onClick={(event) => update(event.currentTarget)}
        onKeyDown={onKeyDown}
        // A pick by mouse or finger happens on mousedown, before this blur.
        onBlur={() => setToken(null)}
      />
      {open ? (
        <ul
          role="listbox"
          id={listId}
          aria-label={t("item.mentionList")}
          className="absolute inset-x-0 top-full z-20 mt-1 max-h-64 overflow-auto rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-300"
        >
          {people.map((person, index) => (
            <li
              key={person.handle}
              id={`${listId}-${index}`}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(person);
              }}
              className={`flex min-h-11 cursor-pointer items-center gap-2 px-3 text-sm ${index === active ? "bg-brand-600 text-white" : "text-slate-900 hover:bg-slate-100"}`}
            >
              <span className="font-semibold">{person.name}</span>
              <span className={index === active ? "text-white" : "text-slate-700"}>@{person.handle}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <p aria-live="polite" className={answered && !people.length ? "mt-1 text-sm text-slate-800" : "sr-only"}>
        {status}
      </p>
    </div>
  );
}

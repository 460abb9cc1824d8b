import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * A read-only value shown once (a secret address): brought into view and selected when it
 * appears, with a copy button once JavaScript runs (without it, the text is selectable).
 */
export function CopyField({
  id,
  label,
  value,
  describedBy,
}: {
  id: string;
  label: string;
  value: string;
  describedBy?: string;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState<boolean | null>(null);

  useEffect(() => {
    setCanCopy(true);
    setCopied(null);
    const element = input.current;
    if (!element) return;
    element.scrollIntoView({ block: "center" });
    element.focus({ preventScroll: true });
    element.select();
  }, [value]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // No clipboard access (an old browser, a refused permission): select it for Ctrl+C.
      input.current?.select();
      setCopied(false);
    }
  }

  return (
    <div>
      <label htmlFor={id} className="mt-2 block font-semibold">
        {label}
      </label>
      <div className="mt-1 flex gap-2">
        <input
          ref={input}
          id={id}
          readOnly
          value={value}
          aria-describedby={describedBy}
          className="min-w-0 flex-1 rounded border border-emerald-400 bg-white px-2 py-1 font-mono text-xs"
        />
        {canCopy ? (
          <button
            type="button"
            onClick={() => void copy()}
            className="min-h-10 shrink-0 rounded-md bg-emerald-800 px-3 text-sm font-semibold text-white hover:bg-emerald-900"
          >
            {t("copy.button")}
          </button>
        ) : null}
      </div>
      <p aria-live="polite" className="mt-1 text-sm">
        {copied === true ? t("copy.done") : copied === false ? t("copy.failed") : ""}
      </p>
    </div>
  );
}

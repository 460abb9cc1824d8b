import { Form, useNavigation } from "@remix-run/react";
import { Button, buttonClass, type ButtonVariant } from "./button";

type ConfirmFormProps = {
  /** Where the form posts; the current route when omitted. */
  action?: string;
  intent: string;
  /** The button that opens the confirmation. */
  label: string;
  /** Names the action for screen readers where several appear on one page. */
  labelFor?: string;
  question: string;
  confirmLabel: string;
  variant?: ButtonVariant;
};

/**
 * A button whose action needs a second click to confirm. A <details> disclosure opens the
 * question and the real submit button, so it works without JavaScript.
 */
export function ConfirmForm({
  action,
  intent,
  label,
  labelFor,
  question,
  confirmLabel,
  variant = "danger",
}: ConfirmFormProps) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  return (
    <details className="group">
      <summary
        aria-label={labelFor}
        className={buttonClass("secondary", "cursor-pointer list-none [&::-webkit-details-marker]:hidden")}
      >
        {label}
      </summary>
      <Form
        method="post"
        action={action}
        className="mt-2 max-w-sm space-y-3 rounded-md border border-slate-300 bg-white p-3 shadow-sm"
      >
        <p className="text-sm text-slate-800">{question}</p>
        <input type="hidden" name="intent" value={intent} />
        <Button variant={variant} disabled={busy}>
          {confirmLabel}
        </Button>
      </Form>
    </details>
  );
}

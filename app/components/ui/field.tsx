import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

/** Translates validation keys ("validation:passwordMin") into the active language. */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-sm text-red-700">
      {errors.map((error) => (
        <li key={error}>{t(error)}</li>
      ))}
    </ul>
  );
}

/** A form error under one row of a list (a person, a team, a key), announced when it appears. */
export function RowError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <div role="alert">
      <ErrorList errors={[message]} />
    </div>
  );
}

const inputClass =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-base text-slate-900 shadow-sm ring-1 ring-inset ring-slate-400 placeholder:text-slate-500 focus:ring-2 focus:ring-inset focus:ring-brand-600 aria-[invalid=true]:ring-red-600 sm:text-sm";

type FieldProps = {
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[] | null;
  inputProps: InputHTMLAttributes<HTMLInputElement> & { id: string };
};

export function Field({ label, hint, errors, inputProps }: FieldProps) {
  const errorId = errors?.length ? `${inputProps.id}-error` : undefined;
  const hintId = hint ? `${inputProps.id}-hint` : undefined;
  return (
    <div>
      <label htmlFor={inputProps.id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="mt-1">
        <input
          {...inputProps}
          className={inputClass}
          aria-invalid={errorId ? true : undefined}
          aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        />
      </div>
      {hint ? (
        <p id={hintId} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

type SelectFieldProps = {
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[] | null;
  selectProps: SelectHTMLAttributes<HTMLSelectElement> & { id: string };
  options: Array<{ value: string; label: string }>;
};

export function SelectField({ label, hint, errors, selectProps, options }: SelectFieldProps) {
  const errorId = errors?.length ? `${selectProps.id}-error` : undefined;
  const hintId = hint ? `${selectProps.id}-hint` : undefined;
  return (
    <div>
      <label htmlFor={selectProps.id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        {...selectProps}
        className={`mt-1 ${inputClass}`}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint ? (
        <p id={hintId} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

export function FormAlert({
  id,
  errors,
  values,
}: {
  id?: string;
  errors?: string[] | null;
  values?: Record<string, unknown>;
}) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
      {errors.map((error) => (
        <p key={error}>{t(error, values)}</p>
      ))}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900">
      {children}
    </div>
  );
}

import type { ReactNode } from 'react';

interface FormFieldProps {
  /** The id of the input, which the label names. */
  id: string;
  label: string;
  /** What the value is for, beside the label. */
  hint?: string;
  /** What is wrong with the value, under the input. */
  problem?: string | undefined;
  /** The input. */
  children: ReactNode;
}

/** One field of a form dialog: its label and hint, the input, and what is wrong with it. */
export function FormField({ id, label, hint, problem, children }: FormFieldProps) {
  return (
    <div className={problem ? 'field has-problem' : 'field'}>
      <label htmlFor={id}>
        <span className="field-name">{label}</span>
        {hint ? <span className="field-type">{hint}</span> : null}
      </label>
      {children}
      {problem ? <div className="field-problem">{problem}</div> : null}
    </div>
  );
}

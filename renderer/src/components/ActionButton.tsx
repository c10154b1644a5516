import { useId, type ReactNode } from 'react';

/**
 * A button that, while it cannot be used, looks it (the `.button:disabled` style: flat, grey,
 * dashed border) and says why next to it: the reason is linked with `aria-describedby`, so a
 * screen reader reads it with the button. `reason` null (or empty) means the button can be used.
 * Returns the reason and the button side by side; in an `.actions` row the reason takes the
 * room beside the button.
 */
export function ActionButton({
  reason,
  primary = true,
  busy = false,
  onClick,
  testId,
  children,
}: {
  reason: string | null;
  primary?: boolean;
  /** Main is working on it: disabled, without a reason (the label says what is happening). */
  busy?: boolean;
  onClick: () => void;
  testId?: string;
  children: ReactNode;
}) {
  const id = useId();
  const blocked = reason !== null && reason !== '';
  return (
    <>
      {blocked && !busy && (
        <p id={id} className="disabled-reason" data-testid={testId ? `${testId}-reason` : undefined}>
          {reason}
        </p>
      )}
      <button
        type="button"
        className={primary ? 'button primary' : 'button'}
        disabled={blocked || busy}
        aria-busy={busy || undefined}
        aria-describedby={blocked && !busy ? id : undefined}
        data-testid={testId}
        onClick={onClick}
      >
        {children}
      </button>
    </>
  );
}

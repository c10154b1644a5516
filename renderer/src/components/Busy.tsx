import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { busyKeys, slowAfterMs, typicalSeconds } from './busy-times';

/**
 * A wait: what is happening, how long it usually takes ("通常需要约 2 秒"), and — past twice
 * that — that it is slower than usual and the citizen should keep waiting.
 */
export function Busy({ step }: { step: string }) {
  return <BusyFor key={step} step={step} />;
}

function BusyFor({ step }: { step: string }) {
  const { t } = useTranslation();
  const seconds = typicalSeconds(step);
  const slow = useSlow(step);
  return (
    <section className="busy" aria-busy="true" role="status" data-busy={step}>
      <div className="spinner" aria-hidden="true" />
      <h1>{t(busyKeys(step))}</h1>
      {seconds !== null && (
        <p className="busy-time" data-testid="busy-time">
          {slow ? t('busy.slow') : t('busy.usually', { seconds })}
        </p>
      )}
      <p className="hint">{t('busy.hint')}</p>
    </section>
  );
}

/** True once the wait has lasted more than twice the step's typical time. */
export function useSlow(step: string): boolean {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const after = slowAfterMs(step);
    if (after === null) return;
    const timer = window.setTimeout(() => setSlow(true), after);
    return () => window.clearTimeout(timer);
  }, [step]);
  return slow;
}

/** How long a wait shown inside a screen usually takes (its button already says what is happening). */
export function BusyNote({ step }: { step: string }) {
  const { t } = useTranslation();
  const seconds = typicalSeconds(step);
  const slow = useSlow(step);
  if (seconds === null) return null;
  return (
    <p className="busy-time" role="status" data-testid="busy-time">
      {slow ? t('busy.slow') : t('busy.usually', { seconds })}
    </p>
  );
}

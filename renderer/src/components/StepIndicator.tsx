import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../../main/base/api/contract';
import { journeyProgress } from './journey-steps';

/**
 * Where the citizen is in the journey: numbered steps, the done ones ticked, the current one
 * marked (`aria-current="step"`). Nothing on screens outside a journey (attract, home, rating).
 */
export function StepIndicator({ view }: { view: SessionView }) {
  const { t } = useTranslation();
  const progress = journeyProgress(view);
  if (progress === null) return null;
  const { journey, steps, current } = progress;
  return (
    <nav className="steps" aria-label={t('steps.label')} data-journey={journey}>
      <ol>
        {steps.map((id, i) => {
          const state = i < current ? 'done' : i === current ? 'current' : 'todo';
          return (
            <li key={id} data-step={id} data-state={state} aria-current={i === current ? 'step' : undefined}>
              <span className="step-mark" aria-hidden="true">
                {state === 'done' ? '✓' : i + 1}
              </span>
              <span className="step-label">{t(`steps.${id}`)}</span>
              {state === 'done' && <span className="visually-hidden">{t('steps.completed')}</span>}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

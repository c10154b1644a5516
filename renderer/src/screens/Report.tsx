import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../../main/base/api/contract';
import { useClient } from '../api/context';
import { ActionButton } from '../components/ActionButton';
import { Busy } from '../components/Busy';
import { Keyboard } from '../components/Keyboard';
import { NoticeBanner } from '../components/NoticeBanner';
import { needsText, reportNeeds } from '../components/missing';
import { BackButton } from '../components/BackButton';

const CATEGORIES = ['road', 'lighting', 'sanitation', 'noise', 'safety', 'other'] as const;

export function Report({ view }: { view: SessionView }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [category, setCategory] = useState<string>('');
  const [text, setText] = useState('');
  const [phone, setPhone] = useState('');
  const [field, setField] = useState<'text' | 'phone'>('text');
  if (view.step === 'report.sending') return <Busy step="report.sending" />;
  if (view.step === 'report.done') {
    return (
      <section className="done">
        <NoticeBanner notice={view.notice} />
        <button type="button" className="button primary" onClick={() => void client.call('journey.done')}>
          {t('common.finish')}
        </button>
      </section>
    );
  }
  // 提交 waits for a category and a description (and a whole mobile number, if one is typed), and says which is missing.
  const reason = needsText(
    t,
    i18n.language,
    reportNeeds({ category, text, phone }).map((n) => t(`report.need.${n}`)),
  );
  return (
    <section className="report">
      <h1>{t('report.title')}</h1>
      <NoticeBanner notice={view.notice} />
      <div className="options" role="radiogroup" aria-label={t('report.category')}>
        {CATEGORIES.map((c) => (
          <button
            key={c}
            type="button"
            role="radio"
            className="chip"
            aria-checked={category === c}
            onClick={() => setCategory(c)}
          >
            {t(`report.categories.${c}`)}
          </button>
        ))}
      </div>
      <button type="button" className="input" aria-pressed={field === 'text'} onClick={() => setField('text')}>
        {text || t('report.textPlaceholder')}
      </button>
      <button type="button" className="input" aria-pressed={field === 'phone'} onClick={() => setField('phone')}>
        {phone || t('report.phonePlaceholder')}
      </button>
      <Keyboard
        key={field}
        mode={field === 'phone' ? 'numeric' : 'pinyin'}
        allowModes={field === 'phone' ? ['numeric'] : ['pinyin', 'latin', 'numeric']}
        onInput={(k) => (field === 'phone' ? setPhone((p) => (p + k).slice(0, 11)) : setText((x) => (x + k).slice(0, 500)))}
        onBackspace={() => (field === 'phone' ? setPhone((p) => p.slice(0, -1)) : setText((x) => [...x].slice(0, -1).join('')))}
      />
      <div className="actions">
        <BackButton />
        <ActionButton
          reason={reason}
          testId="report-send"
          onClick={() => void client.call('journey.reportSubmit', { category, text, ...(phone ? { phone } : {}) })}
        >
          {t('report.send')}
        </ActionButton>
      </div>
    </section>
  );
}

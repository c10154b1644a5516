import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../../main/base/api/contract';

/** A notice from main, translated by its code (unknown codes get the generic message). */
export function NoticeBanner({ notice }: { notice: SessionView['notice'] }) {
  const { t } = useTranslation();
  if (!notice) return null;
  const good =
    notice.code.endsWith('-done') ||
    notice.code === 'report-sent' ||
    notice.code === 'code-resent' ||
    notice.code === 'originals-deposited';
  return (
    <p className={`notice ${good ? 'good' : 'bad'}`} role={good ? 'status' : 'alert'} data-code={notice.code}>
      {t([`notice.${notice.code}`, 'notice.generic'], notice.params ?? {})}
    </p>
  );
}

import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../../main/base/api/contract';
import { useClient } from '../api/context';
import { Busy } from '../components/Busy';
import { NoticeBanner } from '../components/NoticeBanner';

export function MyData({ view }: { view: SessionView }) {
  const { t } = useTranslation();
  const client = useClient();
  if (view.step === 'mydata.loading') return <Busy step="mydata.loading" />;
  return (
    <section className="mydata">
      <h1>{t('mydata.title')}</h1>
      <p className="hint">{t('mydata.hint')}</p>
      <NoticeBanner notice={view.notice} />
      {view.myData.length === 0 ? (
        <p>{t('mydata.none')}</p>
      ) : (
        <table className="mydata-table">
          <thead>
            <tr>
              <th>{t('mydata.time')}</th>
              <th>{t('mydata.action')}</th>
            </tr>
          </thead>
          <tbody>
            {view.myData.map((e, i) => (
              <tr key={i}>
                <td>{new Date(e.at).toLocaleTimeString(view.locale)}</td>
                <td>{t(`mydata.actions.${e.action}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="button primary" onClick={() => void client.call('journey.done')}>
        {t('common.finish')}
      </button>
    </section>
  );
}

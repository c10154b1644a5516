import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../../main/base/api/contract';
import { doorPosition, wallGrid } from './locker-wall';
import './locker-wall.css';

type Wall = NonNullable<NonNullable<SessionView['door']>['wall']>;

/**
 * The citizen's picture of the locker wall (collect and deposit): every door of the locker in its
 * place, the opened one highlighted, with its place in words. The grid fills the height it is given.
 */
export function LockerWall({ wall }: { wall: Wall }) {
  const { t } = useTranslation();
  const grid = wallGrid(wall.doors, 'minmax(0, 1fr)');
  const position = doorPosition(t, wall);
  return (
    <figure className="locker-wall-figure">
      <div
        className="locker-wall"
        role="img"
        aria-label={t('locker.wallLabel', { door: wall.label, position })}
        data-testid="locker-wall"
        data-columns={grid.columns}
        data-rows={grid.rows}
        style={grid.style}
      >
        {wall.doors.map((d) => {
          const open = d.label === wall.label;
          return (
            <div
              key={d.label}
              className={`locker-door${open ? ' open' : ''}`}
              style={{ gridColumn: d.column, gridRow: d.row }}
              data-door={d.label}
              data-column={d.column}
              data-row={d.row}
              data-open={open}
            >
              <span className="locker-door-label">{d.label}</span>
            </div>
          );
        })}
      </div>
      <figcaption className="locker-wall-legend">
        <span className="locker-door open sample" aria-hidden="true" />
        {t('locker.openDoor')}
      </figcaption>
    </figure>
  );
}

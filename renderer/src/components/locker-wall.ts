/**
 * The locker wall's geometry, shared by the staff dashboard's locker map and the citizen's
 * collect screen: main places each door (1-based column from the left, row from the top, from
 * the maintenance layout); the wall is as wide and as tall as its furthest door. And a door's
 * place in words ("左起第 2 列，从上数第 3 格"), for the screen and for screen readers.
 */
import type { CSSProperties } from 'react';
import type { TFunction } from 'i18next';

export interface WallPlace {
  column: number;
  row: number;
}

export interface WallGrid {
  columns: number;
  rows: number;
  /** The CSS grid of the wall: one track per column and per row. */
  style: CSSProperties;
}

/** The wall's size from its doors' places, and the CSS grid that draws it (`rowSize`: each row's track). */
export function wallGrid(doors: readonly WallPlace[], rowSize = 'auto'): WallGrid {
  const columns = Math.max(1, ...doors.map((d) => d.column));
  const rows = Math.max(1, ...doors.map((d) => d.row));
  return {
    columns,
    rows,
    style: { gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${rows}, ${rowSize})` },
  };
}

/** Where a door is, in words: column from the left, then the door from the top. */
export function doorPosition(t: TFunction, at: WallPlace): string {
  return t('locker.position', { column: at.column, row: at.row });
}

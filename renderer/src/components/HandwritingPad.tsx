import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export type PadPoint = [number, number];
export type PadStroke = PadPoint[];

/** Points a stroke keeps at most on the way to main (a finger held still or a fast pen cannot flood the API). */
const MAX_POINTS = 1000;
/** A move shorter than this (CSS px) adds no point. */
const MIN_STEP = 2;

/**
 * The handwriting pad (手写): a square canvas big enough for a finger. Each stroke is drawn as the
 * finger moves (pointer events: touch, pen or mouse) and handed over when the finger lifts, in CSS
 * pixels of the pad, with the pad's size — recognition runs in main, never here.
 */
export function HandwritingPad({
  strokes,
  onStroke,
}: {
  strokes: readonly PadStroke[];
  onStroke: (stroke: PadStroke, width: number, height: number) => void;
}) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const live = useRef<PadStroke | null>(null);

  // Redraw whatever the keyboard holds (a stroke undone, the pad cleared, the pad resized).
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const draw = (): void => {
      const rect = c.getBoundingClientRect();
      const ratio = window.devicePixelRatio || 1;
      c.width = Math.round(rect.width * ratio);
      c.height = Math.round(rect.height * ratio);
      const g = c.getContext('2d');
      if (!g) return;
      g.setTransform(ratio, 0, 0, ratio, 0, 0);
      g.clearRect(0, 0, rect.width, rect.height);
      // The writing guide: a cross through the middle, as on practice paper (田字格).
      g.strokeStyle = '#c3ccd6';
      g.lineWidth = 1;
      g.setLineDash([6, 6]);
      g.beginPath();
      g.moveTo(rect.width / 2, 0);
      g.lineTo(rect.width / 2, rect.height);
      g.moveTo(0, rect.height / 2);
      g.lineTo(rect.width, rect.height / 2);
      g.stroke();
      g.setLineDash([]);
      g.strokeStyle = getComputedStyle(c).color;
      g.lineWidth = Math.max(4, rect.width / 60);
      g.lineCap = 'round';
      g.lineJoin = 'round';
      for (const s of live.current ? [...strokes, live.current] : strokes) drawStroke(g, s);
    };
    draw();
    const ro = new ResizeObserver(draw);
    ro.observe(c);
    return () => ro.disconnect();
  }, [strokes]);

  const at = (e: React.PointerEvent<HTMLCanvasElement>): PadPoint => {
    const rect = e.currentTarget.getBoundingClientRect();
    return [Math.round(e.clientX - rect.left), Math.round(e.clientY - rect.top)];
  };
  const down = (e: React.PointerEvent<HTMLCanvasElement>): void => {
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    live.current = [at(e)];
  };
  const move = (e: React.PointerEvent<HTMLCanvasElement>): void => {
    const s = live.current;
    if (!s || s.length >= MAX_POINTS) return;
    const p = at(e);
    const last = s[s.length - 1];
    if (last && Math.hypot(p[0] - last[0], p[1] - last[1]) < MIN_STEP) return;
    s.push(p);
    const g = e.currentTarget.getContext('2d');
    if (g && last) {
      g.beginPath();
      g.moveTo(last[0], last[1]);
      g.lineTo(p[0], p[1]);
      g.stroke();
    }
  };
  const up = (e: React.PointerEvent<HTMLCanvasElement>): void => {
    const s = live.current;
    live.current = null;
    if (!s) return;
    const rect = e.currentTarget.getBoundingClientRect();
    onStroke(s, Math.max(16, Math.round(rect.width)), Math.max(16, Math.round(rect.height)));
  };

  return (
    <canvas
      ref={canvas}
      className="handwriting-pad"
      role="img"
      aria-label={t('keyboard.pad')}
      data-strokes={strokes.length}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={up}
    />
  );
}

function drawStroke(g: CanvasRenderingContext2D, s: PadStroke): void {
  const [first, ...rest] = s;
  if (!first) return;
  g.beginPath();
  g.moveTo(first[0], first[1]);
  if (rest.length === 0) g.lineTo(first[0] + 0.1, first[1]);
  for (const p of rest) g.lineTo(p[0], p[1]);
  g.stroke();
}

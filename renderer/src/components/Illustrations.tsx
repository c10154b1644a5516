/**
 * Inline SVG pictures of the terminal's front, for the identify screen: where to lay the ID card
 * and where to hold the phone's QR code. Drawn in the theme's colours (`currentColor`, the CSS
 * variables), so they follow high contrast; decorative (the text beside them says the same).
 */
import type { ReactNode } from 'react';
import type { ShelfPosition } from '../../../main/base/api/contract';

/*
 * Where the reader and the scanner sit comes from the terminal config (`terminal.panel`, through
 * `system.info`): a terminal model with another front says so there.
 */

const SLOT_X: Record<ShelfPosition, number> = { left: 40, centre: 120, right: 200 };

/**
 * The terminal's lower half, as one picture: the screen's bottom edge, the shelf, and the place
 * highlighted; `children(x)` draws what goes there (x: the slot's left edge).
 */
function Terminal({
  at,
  name,
  children,
}: {
  at: ShelfPosition;
  name: 'card-reader' | 'qr-scanner';
  children: (x: number) => ReactNode;
}) {
  const x = SLOT_X[at];
  return (
    <svg
      className={`illustration ${name}`}
      viewBox="0 0 320 168"
      aria-hidden="true"
      focusable="false"
      data-testid={`${name}-picture`}
      data-position={at}
    >
      <rect className="ill-body" x="8" y="8" width="304" height="64" rx="10" />
      <rect className="ill-screen" x="24" y="20" width="272" height="52" rx="4" />
      <path className="ill-body" d="M8 96h304l-16 64H24Z" />
      <rect className="ill-slot" x={x} y="104" width="80" height="44" rx="6" data-at={at} />
      {children(x)}
    </svg>
  );
}

/** The ID card laid flat on the reader, with an arrow down to it. */
export function CardReaderPicture({ position }: { position: ShelfPosition }) {
  return (
    <Terminal at={position} name="card-reader">
      {(x) => (
        <>
          <g className="ill-card">
            <rect x={x + 6} y="108" width="68" height="36" rx="4" />
            <circle cx={x + 22} cy="126" r="8" className="ill-card-face" />
            <path d={`M${x + 36} 120h30M${x + 36} 128h30M${x + 36} 136h20`} className="ill-card-lines" />
          </g>
          <path className="ill-arrow" d={`M${x + 40} 78v18m-8-8 8 8 8-8`} />
        </>
      )}
    </Terminal>
  );
}

/** The phone's screen (a QR code) held over the scanner window, with the scan beam. */
export function QrScannerPicture({ position }: { position: ShelfPosition }) {
  return (
    <Terminal at={position} name="qr-scanner">
      {(x) => (
        <>
          <path className="ill-beam" d={`M${x + 20} 104l12-24h16l12 24`} />
          <g className="ill-phone">
            <rect x={x + 14} y="30" width="52" height="56" rx="6" />
            <path
              className="ill-qr"
              d={`M${x + 22} 38h12v12h-12ZM${x + 46} 38h12v12h-12ZM${x + 22} 62h12v12h-12ZM${x + 40} 58h6v6h-6ZM${x + 50} 66h8v8h-8ZM${x + 40} 70h6v4h-6Z`}
            />
          </g>
        </>
      )}
    </Terminal>
  );
}

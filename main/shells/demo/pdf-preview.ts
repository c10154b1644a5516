/**
 * The demo panel's A4 preview: the first page of a printed PDF rasterised on the host with
 * poppler's `pdftoppm` (what CUPS prints with), so the panel shows the page as paper shows it and
 * the untrusted page never parses a PDF. One rasterisation at a time; the last few pages are
 * kept (a printed file does not change).
 */
import { execFile } from 'node:child_process';
import { err, ok, type Result } from '../../../common/result.js';

export interface PdfPreviewOptions {
  /** The rasteriser (default `pdftoppm` on the PATH). */
  command?: string;
  /** Resolution of the preview (default 100 dpi: 827×1169 pixels for an A4 page). */
  dpi?: number;
  timeoutMs?: number;
  /** Pages kept (default 16). */
  keep?: number;
}

export interface PdfPagePreview {
  png: Buffer;
  widthPx: number;
  heightPx: number;
  dpi: number;
}

export type PdfPreviewError = 'rasteriser-missing' | 'rasterise-failed';

export type PdfPreviewer = (file: string) => Promise<Result<PdfPagePreview, PdfPreviewError>>;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk; null if it is not a PNG. */
export function pngSize(png: Buffer): { widthPx: number; heightPx: number } | null {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { widthPx: png.readUInt32BE(16), heightPx: png.readUInt32BE(20) };
}

export function createPdfPreviewer(opts: PdfPreviewOptions = {}): PdfPreviewer {
  const command = opts.command ?? 'pdftoppm';
  const dpi = opts.dpi ?? 100;
  const keep = opts.keep ?? 16;
  const cache = new Map<string, PdfPagePreview>();
  let queue: Promise<unknown> = Promise.resolve();

  const rasterise = (file: string): Promise<Result<PdfPagePreview, PdfPreviewError>> =>
    new Promise((resolve) => {
      const args = ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file];
      execFile(
        command,
        args,
        { encoding: 'buffer', maxBuffer: 64 << 20, timeout: opts.timeoutMs ?? 30_000 },
        (error, stdout, stderr) => {
          if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
            return resolve(
              err(
                'rasteriser-missing',
                `"${command}" is not installed on this machine, so the page cannot be drawn (apt-get install poppler-utils); the PDF link still opens the file.`,
              ),
            );
          }
          const size = pngSize(stdout);
          if (error || !size) {
            const why = stderr.toString('utf8').trim().split('\n')[0] ?? '';
            return resolve(err('rasterise-failed', `${command} could not draw the page${why ? `: ${why.slice(0, 200)}` : ''}.`));
          }
          resolve(ok({ png: stdout, ...size, dpi }));
        },
      );
    });

  return (file) => {
    const hit = cache.get(file);
    if (hit) return Promise.resolve(ok(hit));
    // One at a time: the kiosk's own work comes first on a small machine.
    const run = queue.then(() => rasterise(file));
    queue = run.catch(() => undefined);
    return run.then((r) => {
      if (r.ok) {
        cache.set(file, r.value);
        for (const k of cache.keys()) {
          if (cache.size <= keep) break;
          cache.delete(k);
        }
      }
      return r;
    });
  };
}

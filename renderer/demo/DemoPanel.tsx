/**
 * The demo panel: a person plays the kiosk's emulated devices from a second page. Labels are
 * zh-CN and English side by side; no i18n machinery is needed for a developer/presenter tool.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type {
  DemoCameraScenario,
  DemoDevice,
  DemoState,
  LaidOutBlockView,
  PaperState,
  PdfView,
  ReceiptView,
} from '../../main/shells/demo/demo-contract';
import type { Connection, DemoClient, DemoResponse } from './demo-client';

type Device<K extends DemoDevice['kind']> = Extract<DemoDevice, { kind: K }>;

const PAPER_LABELS: Record<PaperState, string> = { ok: '正常 OK', 'near-end': '将尽 Near end', out: '缺纸 Out' };
/** Receipts drawn on the page (the newest); the emulator keeps more. */
const RECEIPTS_SHOWN = 12;
/** PDFs whose first page is drawn at once (the newest); older ones on request. */
const PAGES_SHOWN = 4;

export function DemoPanel({ client }: { client: DemoClient }): ReactNode {
  const [state, setState] = useState<DemoState | null>(null);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [receipts, setReceipts] = useState<ReceiptView[]>([]);
  const [pdfs, setPdfs] = useState<PdfView[]>([]);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const refreshLists = useCallback(async () => {
    const [r, p] = await Promise.all([client.call('receipts.list', {}), client.call('pdfs.list', {})]);
    if (r.ok) setReceipts(r.value);
    if (p.ok) setPdfs(p.value);
  }, [client]);

  useEffect(() => {
    const offConn = client.onConnection(setConnection);
    const offState = client.onState((s) => {
      setState(s);
      void refreshLists();
    });
    return () => {
      offConn();
      offState();
    };
  }, [client, refreshLists]);

  /** Run one call; show its error (or a short confirmation) in the status line. */
  const run = useCallback(
    async <T,>(label: string, p: Promise<DemoResponse<T>>): Promise<T | null> => {
      const r = await p;
      if (!r.ok) {
        setMessage({ error: true, text: `${label}: ${r.error.code} — ${r.error.message}` });
        return null;
      }
      setMessage({ error: false, text: `${label}: ✓` });
      if (typeof r.value === 'object' && r.value !== null && 'devices' in r.value) setState(r.value as unknown as DemoState);
      void refreshLists();
      return r.value;
    },
    [refreshLists],
  );

  const devices = state?.devices ?? [];
  const of = <K extends DemoDevice['kind']>(kind: K): Device<K>[] => devices.filter((d): d is Device<K> => d.kind === kind);
  const samples = of('idcard')[0]?.samples ?? [];

  return (
    <main className="demo">
      <header>
        <h1>演示面板 Demo panel</h1>
        <p>
          终端 Terminal <strong>{state?.terminalId ?? '…'}</strong> · 连接 Connection{' '}
          <span className={`conn ${connection}`} data-testid="connection">
            {connection}
          </span>
        </p>
        <p className="hint">
          这些设备都是模拟的：这里的操作就是设备线上发出的字节。 Every device here is emulated: what you do here is what the
          device sends down the wire.
        </p>
        {message && (
          <p role="status" className={message.error ? 'msg error' : 'msg'}>
            {message.text}
          </p>
        )}
      </header>

      <section aria-labelledby="health-h">
        <h2 id="health-h">设备状态 Device health</h2>
        <table className="health">
          <tbody>
            {(state?.health ?? []).map((h) => (
              <tr key={h.id} data-device={h.id} data-state={h.state}>
                <th>{h.id}</th>
                <td>{h.kind}</td>
                <td className={`state ${h.state}`}>{h.state}</td>
                <td>{h.code ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {of('idcard').map((d) => (
        <IdCardSection key={d.id} device={d} client={client} run={run} />
      ))}
      {of('scanner').map((d) => (
        <ScannerSection key={d.id} device={d} client={client} run={run} samples={samples} />
      ))}
      {of('receipt-printer').map((d) => (
        <section key={d.id} aria-labelledby={`rp-${d.id}`}>
          <h2 id={`rp-${d.id}`}>
            小票打印机 Receipt printer <code>{d.id}</code>
          </h2>
          <p>
            纸张 Paper: <strong data-testid={`paper-${d.id}`}>{PAPER_LABELS[d.paper]}</strong> · 上盖 Cover:{' '}
            <strong>{d.coverOpen ? '打开 Open' : '关闭 Closed'}</strong> · 已打印 Printed: {d.receipts}
          </p>
          <div className="row">
            {(Object.keys(PAPER_LABELS) as PaperState[]).map((p) => (
              <button
                key={p}
                aria-pressed={d.paper === p}
                onClick={() => void run('paper', client.call('printer.paper', { device: d.id, paper: p }))}
              >
                纸张{PAPER_LABELS[p]}
              </button>
            ))}
            <button onClick={() => void run('cover', client.call('printer.cover', { device: d.id, open: !d.coverOpen }))}>
              {d.coverOpen ? '合上上盖 Close cover' : '打开上盖 Open cover'}
            </button>
          </div>
        </section>
      ))}
      {of('a4-printer').map((d) => (
        <section key={d.id} aria-labelledby={`a4-${d.id}`}>
          <h2 id={`a4-${d.id}`}>
            A4 打印机 A4 printer <code>{d.id}</code>
          </h2>
          <p>
            状态 Condition: <strong>{d.condition}</strong> · 作业 Jobs: {d.jobs}
          </p>
          <div className="row">
            {d.conditions.map((c) => (
              <button
                key={c}
                aria-pressed={d.condition === c}
                onClick={() => void run('A4', client.call('a4.condition', { device: d.id, condition: c }))}
              >
                A4 {c}
              </button>
            ))}
          </div>
        </section>
      ))}
      {of('locker').map((d) => (
        <LockerSection key={d.id} device={d} client={client} run={run} />
      ))}
      {of('camera').map((d) => (
        <CameraSection key={d.id} device={d} client={client} run={run} />
      ))}
      {of('other').map((d) => (
        <section key={d.id}>
          <h2>
            {d.deviceKind} <code>{d.id}</code>
          </h2>
          <p>此设备无演示控件。 This device has no demo controls.</p>
        </section>
      ))}

      <section aria-labelledby="receipts-h">
        <h2 id="receipts-h">打印的小票 Printed receipts ({receipts.length})</h2>
        {receipts.length === 0 && <p>还没有小票。 No receipts yet.</p>}
        {receipts.length > RECEIPTS_SHOWN && (
          <p>
            显示最近 {RECEIPTS_SHOWN} 张。 Showing the newest {RECEIPTS_SHOWN}.
          </p>
        )}
        <div className="receipts">
          {receipts.slice(-RECEIPTS_SHOWN).map((r) => (
            <Receipt key={`${r.device}-${r.seq}-${r.cut ?? 'open'}`} receipt={r} />
          ))}
        </div>
      </section>

      <section aria-labelledby="pdfs-h">
        <h2 id="pdfs-h">打印的 A4 文件 Printed A4 PDFs ({pdfs.length})</h2>
        {pdfs.length === 0 && <p>还没有文件。 No PDFs yet.</p>}
        <ul className="pdfs">
          {pdfs.map((p, i) => (
            <li key={`${p.device}-${p.jobId}`} data-testid="pdf">
              <a href={p.url} target="_blank" rel="noreferrer">
                {p.title}
              </a>{' '}
              <small>
                {p.jobId} · {Math.round(p.bytes / 1024)} KiB · {p.state} · {new Date(p.submittedAt).toLocaleTimeString()}
              </small>
              <PdfPage pdf={p} client={client} open={i >= pdfs.length - PAGES_SHOWN} />
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}

type Run = <T>(label: string, p: Promise<DemoResponse<T>>) => Promise<T | null>;

function IdCardSection({ device: d, client, run }: { device: Device<'idcard'>; client: DemoClient; run: Run }): ReactNode {
  const [sample, setSample] = useState(d.samples[0]?.id ?? '');
  const current = d.samples.find((s) => s.id === d.card);
  return (
    <section aria-labelledby={`id-${d.id}`}>
      <h2 id={`id-${d.id}`}>
        身份证阅读器 ID-card reader <code>{d.id}</code>
      </h2>
      <p>
        卡槽 Slot: <strong data-testid={`slot-${d.id}`}>{current ? `${current.label} (${current.id})` : '空 Empty'}</strong>
        {d.card !== null && <> · {d.read ? '已读 Read' : '未读 Not read yet'}</>}
        {d.pullArmed && <> · 下次读卡时拔出 Will be pulled mid-read</>}
        {' · '}场景 Scenario: {d.scenario}
      </p>
      <div className="row">
        <label>
          样卡 Sample card{' '}
          <select value={sample} onChange={(e) => setSample(e.target.value)}>
            {d.samples.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button onClick={() => void run('place', client.call('idcard.place', { device: d.id, sample }))}>放卡 Place card</button>
        <button onClick={() => void run('remove', client.call('idcard.remove', { device: d.id }))}>取卡 Remove card</button>
        <button onClick={() => void run('pull', client.call('idcard.pullMidRead', { device: d.id, sample }))}>
          读卡中拔出 Pull mid-read
        </button>
      </div>
    </section>
  );
}

function ScannerSection({
  device: d,
  client,
  run,
  samples,
}: {
  device: Device<'scanner'>;
  client: DemoClient;
  run: Run;
  samples: { id: string; label: string }[];
}): ReactNode {
  const [text, setText] = useState('');
  const [person, setPerson] = useState('resident');
  const [note, setNote] = useState('');
  const mintQr = async (): Promise<void> => {
    const v = await run('identity QR', client.call('samples.identityQr', { sample: person }));
    if (v) {
      setText(v.text);
      setNote('身份二维码 identity QR (one use)');
    }
  };
  const mintPickup = async (): Promise<void> => {
    const v = await run(
      'pickup code',
      client.call('samples.pickupCode', { sample: person, matterName: '户籍证明 Household certificate' }),
    );
    if (v) {
      setText(v.code);
      setNote(v.cell ? `取件码 ${v.code} → 柜门 door ${v.cell}` : `取件码 ${v.code}`);
    }
  };
  return (
    <section aria-labelledby={`sc-${d.id}`}>
      <h2 id={`sc-${d.id}`}>
        扫码器 Scanner <code>{d.id}</code>
      </h2>
      <p>
        已扫 Scans: {d.scans}
        {note && <> · {note}</>}
      </p>
      <div className="row">
        <label>
          人员 Person{' '}
          <select value={person} onChange={(e) => setPerson(e.target.value)}>
            {samples.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button onClick={() => void mintQr()}>生成身份二维码 Get identity QR</button>
        <button onClick={() => void mintPickup()}>生成取件码 Get pickup code</button>
      </div>
      <div className="row">
        <label>
          扫描内容 Text to scan <input value={text} maxLength={4096} onChange={(e) => setText(e.target.value)} size={48} />
        </label>
        <button
          disabled={text.length === 0}
          onClick={() => void run('scan', client.call('scanner.scan', { device: d.id, text }))}
        >
          扫描 Scan
        </button>
      </div>
    </section>
  );
}

function LockerSection({ device: d, client, run }: { device: Device<'locker'>; client: DemoClient; run: Run }): ReactNode {
  const [board, setBoard] = useState(d.boards[0]?.address ?? 1);
  const [lock, setLock] = useState(1);
  const locks = d.boards.find((b) => b.address === board)?.locks ?? 1;
  const door = (open: boolean): void =>
    void run(open ? 'open door' : 'close door', client.call('locker.door', { device: d.id, board, lock, open }));
  return (
    <section aria-labelledby={`lk-${d.id}`}>
      <h2 id={`lk-${d.id}`}>
        智能柜 Pickup lockers <code>{d.id}</code>
      </h2>
      <p>
        {d.protocol} · 场景 Scenario {d.scenario} · 开着的门 Open doors:{' '}
        <strong data-testid={`open-doors-${d.id}`}>{d.openDoors.length ? d.openDoors.join(', ') : '无 None'}</strong>
      </p>
      <div className="row">
        <label>
          板 Board{' '}
          <select value={board} onChange={(e) => setBoard(Number(e.target.value))}>
            {d.boards.map((b) => (
              <option key={b.address} value={b.address}>
                {b.address}
              </option>
            ))}
          </select>
        </label>
        <label>
          锁 Lock <input type="number" min={1} max={locks} value={lock} onChange={(e) => setLock(Number(e.target.value))} />
        </label>
        <button onClick={() => door(true)}>开门 Open door</button>
        <button onClick={() => door(false)}>关门 Close door</button>
      </div>
      {d.openDoors.length > 0 && (
        <div className="row">
          {d.openDoors.map((x) => {
            const [b, l] = x.split('/').map(Number);
            return (
              <button
                key={x}
                onClick={() =>
                  void run('close door', client.call('locker.door', { device: d.id, board: b ?? 0, lock: l ?? 1, open: false }))
                }
              >
                关 Close {x}
              </button>
            );
          })}
        </div>
      )}
    </section>
  );
}

type Thumbs = { scenario: DemoCameraScenario; frames: { jpeg: string; width: number; height: number }[] };
/** How fast the thumbnail steps through the scenario's frames while the kiosk captures. */
const THUMB_STEP_MS = 400;
/** The thumbnail's size on the page (the camera's 4:3 frames, drawn small by the browser). */
const THUMB = { width: 160, height: 120 } as const;

/**
 * One emulated camera: a button per scenario (what the next capture session plays), the session
 * that is open now (the kiosk opens one only when it needs it: the face check, a material photographed) and "pull out now" for it, and a
 * small thumbnail of the frames the camera plays, stepping through them while it captures.
 */
function CameraSection({ device: d, client, run }: { device: Device<'camera'>; client: DemoClient; run: Run }): ReactNode {
  const shown = d.playing ?? d.scenario;
  const [thumbs, setThumbs] = useState<Thumbs | null>(null);
  const [step, setStep] = useState(0);
  useEffect(() => {
    let live = true;
    void client.call('camera.frames', { device: d.id, scenario: shown }).then((r) => {
      if (live && r.ok) setThumbs(r.value);
    });
    return () => {
      live = false;
    };
  }, [client, d.id, shown]);
  useEffect(() => {
    if (!d.capturing) return;
    const timer = setInterval(() => setStep((n) => n + 1), THUMB_STEP_MS);
    return () => clearInterval(timer);
  }, [d.capturing]);
  const label = (id: DemoCameraScenario): string => d.scenarios.find((s) => s.id === id)?.label ?? id;
  const frames = thumbs?.scenario === shown ? thumbs.frames : [];
  const frame = frames.length > 0 ? frames[(d.capturing ? step : 0) % frames.length] : undefined;
  return (
    <section aria-labelledby={`cam-${d.id}`} data-testid={`camera-${d.id}`}>
      <h2 id={`cam-${d.id}`}>
        摄像头 Camera <code>{d.id}</code> {d.role === 'face' ? '人脸 face' : '文件 document'}
      </h2>
      <div className="camera">
        <figure className="camera-thumb" data-capturing={d.capturing}>
          {frame ? (
            <img
              data-testid={`camera-thumb-${d.id}`}
              data-scenario={shown}
              src={frame.jpeg}
              width={THUMB.width}
              height={THUMB.height}
              alt={label(shown)}
            />
          ) : (
            <div className="camera-none" data-testid={`camera-thumb-${d.id}`} data-scenario={shown}>
              {thumbs === null ? '…' : '无画面 No picture'}
            </div>
          )}
          <figcaption>{d.capturing ? '● 正在拍摄 Capturing' : '未在拍摄 Idle'}</figcaption>
        </figure>
        <div>
          <p>
            场景 Scenario: <strong data-testid={`camera-scenario-${d.id}`}>{label(d.scenario)}</strong>
            {d.playing !== null && d.playing !== d.scenario && (
              <> · 本次拍摄仍播放 This capture still plays: {label(d.playing)}</>
            )}
          </p>
          <p className="hint">
            {d.role === 'face'
              ? '所选场景从下一次拍摄起生效；终端只在人脸核验时打开摄像头。 A scenario applies from the next capture on; the kiosk opens the camera only for the face check.'
              : '所选场景从下一次拍摄起生效；终端只在拍摄材料时打开高拍仪。 A scenario applies from the next capture on; the kiosk opens the document camera only to photograph a material.'}
          </p>
          <div className="row">
            {d.scenarios.map((s) => (
              <button
                key={s.id}
                aria-pressed={d.scenario === s.id}
                onClick={() => void run('camera', client.call('camera.scenario', { device: d.id, scenario: s.id }))}
              >
                {s.label}
              </button>
            ))}
          </div>
          <div className="row">
            <button
              disabled={!d.capturing}
              title={d.capturing ? undefined : '没有正在进行的拍摄 No capture is open'}
              onClick={() => void run('pull out', client.call('camera.unplug', { device: d.id }))}
            >
              立即拔出 Pull out now
            </button>
          </div>
        </div>
      </div>
    </section>
  );
}

/** CSS pixels per printer dot at the paper's real size (CSS has 96 px to the inch). */
function dotPx(paper: ReceiptView['paper'], zoom: number): number {
  return (96 / 25.4 / paper.dotsPerMm) * zoom;
}

/**
 * A receipt drawn where the printer put it: the paper at its real width (or zoomed), every
 * character in its own cell of the printer's font (12×24 dots, full-width characters 24×24,
 * times the size the bytes selected), each line where the layout placed it.
 */
function Receipt({ receipt: r }: { receipt: ReceiptView }): ReactNode {
  const [asText, setAsText] = useState(false);
  const [zoom, setZoom] = useState(1);
  const { paper, layout } = r;
  const d = dotPx(paper, zoom);
  const margin = (paper.widthMm * paper.dotsPerMm - paper.printDots) / 2;
  return (
    <figure className="receipt" data-testid="receipt" data-columns={paper.columns} data-paper-mm={paper.widthMm}>
      <figcaption>
        {r.device} #{r.seq} {r.cut === null ? '· 未切纸 not cut' : ''} · {paper.widthMm} mm · {paper.columns} 列 columns{' '}
        <button className="small" onClick={() => setAsText(!asText)}>
          {asText ? '版式 Layout' : '文本 Text'}
        </button>{' '}
        {!asText && (
          <button className="small" aria-pressed={zoom !== 1} onClick={() => setZoom(zoom === 1 ? 2 : 1)}>
            {zoom === 1 ? '放大 Zoom 2×' : '实际尺寸 Actual size'}
          </button>
        )}
      </figcaption>
      {asText ? (
        <pre>{r.text}</pre>
      ) : (
        <div
          className="paper"
          data-testid="receipt-paper"
          style={{ width: `${paper.printDots * d}px`, padding: `${24 * d}px ${margin * d}px` }}
        >
          <div
            className="print-area"
            data-testid="print-area"
            style={{ width: `${paper.printDots * d}px`, height: `${layout.heightDots * d}px` }}
          >
            {layout.blocks.map((b, i) => (
              <Block key={i} block={b} d={d} />
            ))}
          </div>
        </div>
      )}
      {r.cut !== null && <hr className="cut" />}
    </figure>
  );
}

function Block({ block: b, d }: { block: LaidOutBlockView; d: number }): ReactNode {
  const box = { top: `${b.y * d}px`, height: `${b.heightDots * d}px` };
  switch (b.kind) {
    case 'text':
      return (
        <div className="line" data-testid="receipt-line" style={box}>
          {b.runs.map((r, i) => (
            <span
              key={i}
              className="run"
              data-cell-dots={r.cellDots}
              data-size={`${r.width}x${r.height}`}
              style={{ left: `${r.x * d}px`, height: `${r.heightDots * d}px`, fontWeight: r.bold ? 'bold' : 'normal' }}
            >
              {Array.from(r.text).map((ch, j) => (
                <span key={j} className="cell" style={{ width: `${r.cellDots * d}px`, height: `${r.heightDots * d}px` }}>
                  <span
                    className="glyph"
                    style={{
                      fontSize: `${r.heightDots * d}px`,
                      lineHeight: `${r.heightDots * d}px`,
                      ...(r.width !== r.height ? { transform: `scaleX(${r.width / r.height})` } : {}),
                    }}
                  >
                    {ch}
                  </span>
                </span>
              ))}
            </span>
          ))}
        </div>
      );
    case 'qr': {
      const n = b.modules.length;
      let path = '';
      b.modules.forEach((row, y) => {
        for (let x = 0; x < row.length; x++) if (row[x] === '1') path += `M${x} ${y}h1v1h-1z`;
      });
      return (
        <div className="block" style={{ ...box, left: `${b.x * d}px` }}>
          <svg
            className="qr"
            role="img"
            aria-label={`QR ${b.data}`}
            data-qr={b.data}
            width={n * b.moduleDots * d}
            height={n * b.moduleDots * d}
            viewBox={`0 0 ${n} ${n}`}
            shapeRendering="crispEdges"
          >
            <path d={path} />
          </svg>
        </div>
      );
    }
    case 'barcode':
      return (
        <div className="block barcode" style={{ ...box, left: `${b.x * d}px`, width: `${b.widthDots * d}px` }}>
          <span>
            {b.symbology} {b.data}
          </span>
        </div>
      );
    case 'image':
      return (
        <div className="block image" style={{ ...box, left: `${b.x * d}px`, width: `${b.widthDots * d}px` }}>
          图像 image
        </div>
      );
    case 'feed':
      return null;
  }
}

type PagePreview = { png: string; widthPx: number; heightPx: number; dpi: number } | { error: string };

/** The first page of a printed PDF, rasterised on the host (poppler), as the paper shows it. */
function PdfPage({ pdf, client, open }: { pdf: PdfView; client: DemoClient; open: boolean }): ReactNode {
  const [shown, setShown] = useState(open);
  const [preview, setPreview] = useState<PagePreview | null>(null);
  useEffect(() => {
    if (!shown) return;
    let live = true;
    void client.call('pdfs.preview', { device: pdf.device, jobId: pdf.jobId }).then((r) => {
      if (live) setPreview(r.ok ? r.value : { error: `${r.error.code} — ${r.error.message}` });
    });
    return () => {
      live = false;
    };
  }, [client, shown, pdf.device, pdf.jobId]);
  if (!shown)
    return (
      <button className="small" onClick={() => setShown(true)}>
        预览 Preview
      </button>
    );
  if (preview === null) return <p className="a4-wait">正在绘制第 1 页… Drawing page 1…</p>;
  if ('error' in preview)
    return (
      <p className="msg error" data-testid="a4-preview-error">
        无法预览 No preview: {preview.error}
      </p>
    );
  return (
    <figure className="a4">
      <img
        className="a4-page"
        data-testid="a4-preview"
        src={preview.png}
        width={preview.widthPx}
        height={preview.heightPx}
        alt={`${pdf.title} 第 1 页 page 1`}
      />
      <figcaption>第 1 页 page 1 · poppler {preview.dpi} dpi</figcaption>
    </figure>
  );
}

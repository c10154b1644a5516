/**
 * The public progress page a phone opens from the receipt QR (`GET /s/<no>.<token>`): status,
 * steps with times and where to collect, in Chinese with English. It asks for nothing and shows
 * nothing beyond what the receipt already prints (number, matter, masked name). A wrong token and
 * an unknown number get the same page, so the page cannot be used to probe for numbers.
 */
import type { ProgressView } from './progress.js';

const STATE: Record<string, [string, string]> = {
  received: ['已受理', 'Received'],
  'in-review': ['审核中', 'In review'],
  approved: ['已办结', 'Approved'],
  rejected: ['不予受理', 'Not approved'],
  'ready-for-pickup': ['待领取', 'Ready to collect'],
  collected: ['已领取', 'Collected'],
};

const METHOD: Record<string, [string, string]> = {
  locker: ['自助柜取件', 'Collect from the self-service locker'],
  counter: ['窗口领取', 'Collect at the counter'],
  post: ['邮寄送达', 'Sent by post'],
  electronic: ['电子证照', 'Issued electronically'],
};

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Beijing time, as the hall and the receipt state it. */
function when(isoText: string): string {
  const d = new Date(isoText);
  if (Number.isNaN(d.getTime())) return esc(isoText);
  return d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

function bi([zh, en]: [string, string]): string {
  return `${esc(zh)} <span class="en" lang="en">${esc(en)}</span>`;
}

function shell(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f4f6f8;color:#1a1a1a;font-size:17px;line-height:1.5}
main{max-width:36rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.5rem 0 1rem}
.card{background:#fff;border-radius:.75rem;padding:1rem;margin-bottom:1rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
.state{font-size:1.6rem;font-weight:700;color:#0b5394}
.en{color:#555;font-size:.85em;font-weight:400}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:0}dt{color:#555}dd{margin:0;word-break:break-all}
ol{margin:0;padding-left:1.25rem}li{margin:.25rem 0}
.place{font-size:1.3rem;font-weight:700}
footer{color:#555;font-size:.85rem}
</style></head><body><main>${body}</main></body></html>`;
}

export function statusPage(p: ProgressView): string {
  const state = STATE[p.state] ?? [p.state, p.state];
  const steps = p.history
    .map((h) => `<li>${bi(STATE[h.state] ?? [h.state, h.state])} · <time datetime="${esc(h.at)}">${when(h.at)}</time></li>`)
    .join('');
  const c = p.collection;
  const collect = c
    ? `<section class="card" data-testid="collection"><h2>${bi(['领取方式', 'How to collect'])}</h2>
<p class="place">${bi(METHOD[c.method] ?? [c.method, c.method])}</p>
${c.place ? `<p>${bi(['位置', 'Where'])}：<strong data-testid="place">${esc(c.place)}</strong></p>` : ''}
${c.holdUntil ? `<p>${bi(['保留至', 'Kept until'])}：${when(c.holdUntil)}</p>` : ''}
${c.method === 'locker' ? `<p>${bi(['请带身份证或短信取件码到自助机“取件”', 'Bring your ID card or the SMS pickup code to the kiosk and tap “Collect”'])}</p>` : ''}
</section>`
    : '';
  return shell(
    '办理进度 Application progress',
    `<h1>${bi(['办理进度', 'Application progress'])}</h1>
<section class="card"><p class="state" data-testid="state" data-state="${esc(p.state)}">${bi(state)}</p>
<dl>
<dt>${bi(['申请编号', 'Application no.'])}</dt><dd data-testid="application-no">${esc(p.applicationNo)}</dd>
<dt>${bi(['事项', 'Matter'])}</dt><dd>${esc(p.matterCode)}</dd>
${p.maskedName ? `<dt>${bi(['申请人', 'Applicant'])}</dt><dd data-testid="applicant">${esc(p.maskedName)}</dd>` : ''}
<dt>${bi(['更新时间', 'Updated'])}</dt><dd>${when(p.updatedAt)}</dd>
</dl></section>
${collect}
<section class="card"><h2>${bi(['办理过程', 'Steps'])}</h2><ol data-testid="history">${steps}</ol></section>
<footer>${bi(['本页仅凭回执二维码查看，请勿转发。', 'This page opens only from the receipt QR code; do not share it.'])}</footer>`,
  );
}

export function statusNotFoundPage(): string {
  return shell(
    '无法查询 Not found',
    `<h1>${bi(['无法查询办理进度', 'Progress not available'])}</h1>
<section class="card" data-testid="not-found"><p>${bi(['二维码不完整或已失效。请核对回执，或到大厅自助机“查询办理进度”、人工窗口查询。', 'The code is incomplete or no longer valid. Check the receipt, or ask at a kiosk (“Check progress”) or at the counter.'])}</p></section>`,
  );
}

/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Layout checks on the DOM of the screen as it is now (#18 "Tests"), run in the page: what a
 * screenshot cannot prove by itself.
 *
 * - **Reach**: no interactive element lies outside the viewport unless a scrolling box it is in can
 *   bring it in (the page itself never scrolls: `body { overflow: hidden }`), and no two interactive
 *   elements overlap. Not overlaps: one inside the other (a checkbox in its label); an element of a
 *   scrolling list passing under a sticky or fixed bar (the form's keyboard, the home pager): the
 *   list scrolls it out from under the bar.
 * - **Layers**: when a modal dialog or the staff overlay is open, only what is in the topmost one is
 *   checked: the screen under it is neither visible nor reachable.
 * - **Target size**: every interactive element is at least `minTarget` px in both dimensions
 *   (64 px by default, 80 px in elder mode: the design system's `--target`). A checkbox or radio
 *   drawn inside its label is measured by its label, the tap target.
 * - **Text size**: every visible text is at least `minText` px (body 24 px, 30 px in elder mode:
 *   `--body` in renderer/src/styles.css), or `minSmallPrint` px for small print (see SMALL_PRINT).
 * - **Disabled controls**: a control with `disabled` or `aria-disabled="true"` must look different
 *   from the same control enabled: the check takes the attribute off for one synchronous style
 *   read (no render happens in between) and compares colours, border and opacity.
 *
 * Documented exceptions (each with its reason):
 * - INLINE_LINK: a link inside a sentence (WCAG 2.5.8's "inline" exception): its size is the line's.
 * - SMALL_PRINT may go down to `minSmallPrint` (20 px, 26 px elder): text read up close and never
 *   needed to act; at 20 px a CJK glyph is still ≈ 10 mm on a 43" 1080p portrait panel (0.50 mm/px).
 *   It is: `.small-print` (a legal footnote); the staff dashboard's `.staff-small` (a detail beside
 *   a phrase: the raw code, "since when") and the state under each door of its locker map (12
 *   columns must fit 1080 px; the state also shows by icon, colour and border, and the legend names
 *   it at body size); the numbers of the *other* doors in the citizen's locker
 *   wall drawing (`.locker-door:not(.open)`): the door to open is drawn at body size and its place
 *   is said in words at body size, the other 95 doors only give the picture its shape.
 * - Content inside `[aria-hidden="true"]` (decorative glyphs and illustrations: the step
 *   indicator's ✓, the card-reader drawing) or `inert` (not reachable) is not measured.
 */
import type { Page } from 'playwright-core';

export interface LayoutRules {
  minTarget: number;
  minText: number;
  minSmallPrint: number;
}

/** The rules for a mode, from the type scale and target sizes of renderer/src/styles.css. */
export function layoutRules(mode: 'default' | 'elder' | 'contrast'): LayoutRules {
  return mode === 'elder' ? { minTarget: 80, minText: 30, minSmallPrint: 26 } : { minTarget: 64, minText: 24, minSmallPrint: 20 };
}

export const INTERACTIVE =
  'button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [role="tab"], [role="checkbox"], [role="radio"], [role="link"], [role="option"], [role="switch"]';
export const SMALL_PRINT = '.small-print, .staff-small, .staff-wall .staff-cell-state, .locker-door:not(.open)';
/** The layers that hide the screen under them. */
export const LAYERS = '[aria-modal="true"], .staff-overlay';

/** Every problem on the screen, as readable lines (empty when the screen passes). */
export async function layoutProblems(page: Page, rules: LayoutRules): Promise<string[]> {
  return page.evaluate(
    ({ rules, interactive, smallPrint, layers }) => {
      const out: string[] = [];
      const vw = window.innerWidth;
      const vh = window.innerHeight;
      const describe = (el: Element): string => {
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 24);
        const label = el.getAttribute('aria-label') ?? el.getAttribute('data-testid') ?? '';
        return `${el.tagName.toLowerCase()}${cls}${label ? `[${label}]` : ''}${text ? ` "${text}"` : ''}`;
      };
      const hidden = (el: Element): boolean => {
        if (el.closest('[aria-hidden="true"], [inert]')) return true;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) return true;
        const cs = getComputedStyle(el);
        return cs.visibility === 'hidden' || cs.display === 'none';
      };
      /** The box a finger aims at: a checkbox/radio drawn inside its label is tapped through the label. */
      const target = (el: Element): Element => {
        if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) return el.closest('label') ?? el;
        return el;
      };
      const fixedBar = (el: Element): boolean => {
        for (let p: Element | null = el; p && p !== document.body; p = p.parentElement) {
          const pos = getComputedStyle(p).position;
          if (pos === 'sticky' || pos === 'fixed') return true;
        }
        return false;
      };
      const scrolls = (el: Element): boolean => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const cs = getComputedStyle(p);
          const y = /(auto|scroll)/.test(cs.overflowY) && p.scrollHeight > p.clientHeight;
          const x = /(auto|scroll)/.test(cs.overflowX) && p.scrollWidth > p.clientWidth;
          if (x || y) return true;
        }
        return false;
      };
      const inlineLink = (el: Element): boolean => {
        if (el.tagName !== 'A' || !el.parentElement) return false;
        return [...el.parentElement.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      };

      // The topmost layer, if any: what the person sees and can reach.
      const scope: Element = [...document.querySelectorAll(layers)].filter((el) => !hidden(el)).pop() ?? document.body;

      // Reach and size.
      const els = [...new Set([...scope.querySelectorAll(interactive)].filter((el) => !hidden(el)).map(target))];
      const boxes = els.map((el) => ({ el, r: el.getBoundingClientRect() }));
      for (const { el, r } of boxes) {
        const outside = r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5;
        if (outside && !scrolls(el))
          out.push(
            `outside the viewport (${vw}×${vh}), no scrolling box to reach it: ${describe(el)} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`,
          );
        if (inlineLink(el)) continue;
        if (r.width < rules.minTarget - 0.5 || r.height < rules.minTarget - 0.5)
          out.push(`target ${Math.round(r.width)}×${Math.round(r.height)} < ${rules.minTarget} px: ${describe(el)}`);
      }
      for (let i = 0; i < boxes.length; i++) {
        const a = boxes[i];
        if (!a) continue;
        for (let j = i + 1; j < boxes.length; j++) {
          const b = boxes[j];
          if (!b || a.el.contains(b.el) || b.el.contains(a.el)) continue;
          const [fa, fb] = [fixedBar(a.el), fixedBar(b.el)];
          if ((fa && !fb && scrolls(b.el)) || (fb && !fa && scrolls(a.el))) continue;
          const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
          const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
          // Sub-pixel touching (borders that meet) is not an overlap.
          if (w > 1 && h > 1) out.push(`overlap ${Math.round(w)}×${Math.round(h)} px: ${describe(a.el)} and ${describe(b.el)}`);
        }
      }

      // Text size.
      const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      const seen = new Set<Element>();
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || seen.has(el) || (n.textContent ?? '').trim() === '' || hidden(el)) continue;
        seen.add(el);
        if (el.closest('script, style, noscript, title')) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        const floor = el.closest(smallPrint) ? rules.minSmallPrint : rules.minText;
        if (size < floor - 0.05) out.push(`text ${size} px < ${floor} px: ${describe(el)}`);
      }

      // Disabled controls look disabled.
      const look = (el: Element): string => {
        const cs = getComputedStyle(el);
        return [cs.color, cs.backgroundColor, cs.borderTopColor, cs.borderTopStyle, cs.opacity, cs.textDecorationLine].join('|');
      };
      for (const el of scope.querySelectorAll(interactive)) {
        if (hidden(el)) continue;
        const disabled = el.hasAttribute('disabled') || el.getAttribute('aria-disabled') === 'true';
        if (!disabled) continue;
        const off = look(el);
        const attr = el.getAttribute('disabled');
        const aria = el.getAttribute('aria-disabled');
        el.removeAttribute('disabled');
        el.removeAttribute('aria-disabled');
        const on = look(el);
        if (attr !== null) el.setAttribute('disabled', attr);
        if (aria !== null) el.setAttribute('aria-disabled', aria);
        if (off === on) out.push(`disabled but styled like the enabled control: ${describe(el)}`);
      }
      return out;
    },
    { rules, interactive: INTERACTIVE, smallPrint: SMALL_PRINT, layers: LAYERS },
  );
}

/**
 * Tiny DOM helpers for the webviews. Text goes in with `textContent` only
 * (never innerHTML), events with addEventListener (the CSP forbids inline
 * handlers), so nothing the server or the user sends can become markup.
 */
type Child = Node | string | number | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Record<string, AttrValue | EventListener>;

function apply(el: Element, attrs: Attrs | undefined): void {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, '').toLowerCase(), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false && v !== null && v !== undefined) el.setAttribute(k, String(v));
  }
}

/** Appends children, skipping null / undefined / false. */
export function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag) as SVGElementTagNameMap[K];
  apply(el, attrs);
  append(el, children);
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

/** Calls `f` once `ms` after the last call. */
export function debounce<A extends unknown[]>(f: (...a: A) => void, ms: number): ((...a: A) => void) & { flush(): void; cancel(): void } {
  let t: ReturnType<typeof setTimeout> | undefined;
  let last: A | undefined;
  const run = (...a: A): void => {
    last = a;
    if (t) clearTimeout(t);
    t = setTimeout(() => {
      t = undefined;
      f(...a);
    }, ms);
  };
  run.flush = (): void => {
    if (t && last) {
      clearTimeout(t);
      t = undefined;
      f(...last);
    }
  };
  run.cancel = (): void => {
    if (t) clearTimeout(t);
    t = undefined;
  };
  return run;
}

/** A state badge: up / degraded / down / unknown / skipped. */
export function stateBadge(state: string): HTMLElement {
  const text =
    state === 'up' ? 'Up' : state === 'degraded' ? 'Degraded' : state === 'down' ? 'Down' : state === 'skipped' ? 'Not probed' : 'Unknown';
  return h('span', { class: `badge state-${state}`, role: 'status' }, text);
}

export function add(el: Element, ...children: Child[]): void {
  append(el, children);
}

import type * as t from '@babel/types';
import { keyUnit, keyWords } from '../../config-files/names.js';
import { lookup, propertyKeyName, type Binding, type FileIndex } from './file-index.js';
import { calleeName, methodName, returnedExpression, unwrap, type RValue, type ValueResolver } from './resolve-value.js';

// Lifetimes computed in code, evaluated without running anything: arithmetic on the current
// time (`Math.floor(Date.now() / 1000) + 60 * 60 * 24 * 30`), Date objects moved by setters
// (`d.setDate(d.getDate() + 60)`), moment/dayjs/luxon/date-fns additions, and numbers whose
// name gives their unit (`JWT_EXPIRATION_DAYS`, `refreshTtlMs`), literal fallbacks included.
//
// The evaluator walks the expression's syntax, asking the value resolver for the leaves
// (constants, imports, config reads). It is bounded: a depth limit, a step limit per
// evaluation, and the file budget polled at every step. Anything it cannot follow is `null`
// (not known), never a guess.

/** Where a value is written: the line that holds a duration. */
export interface At {
  node: t.Node;
  index: FileIndex;
}

export type Quantity =
  /** A plain number; `unit` (seconds per unit) when a name says what it counts (`..._DAYS`, `...Ms`). */
  | { t: 'num'; v: number; unit?: number; at: At }
  | { t: 'str'; v: string; unit?: number; at: At }
  /**
   * A numeric timestamp of the current time plus `offset` seconds, counted in seconds
   * (`scale` 1: `Date.now() / 1000`, `dayjs().unix()`) or milliseconds (`scale` 0.001:
   * `Date.now()`, `d.getTime()`). `at`: where the largest part of the offset is written.
   */
  | { t: 'time'; scale: 1 | 0.001; offset: number; at?: At; atSize?: number }
  /** A date object (Date, moment, dayjs, luxon DateTime) at now plus `offset` seconds. */
  | { t: 'date'; offset: number; at?: At; atSize?: number };

type Moment = Extract<Quantity, { t: 'time' } | { t: 'date' }>;

const MAX_DEPTH = 24;
/** Syntax nodes one evaluation may visit: a lifetime expression has a handful. */
const MAX_STEPS = 400;

const MS = 0.001;
const MONTH = 2_629_800;
const YEAR = 31_557_600;

/** Names that stand for the current time in seconds when nothing else is known of them. */
const NOW_NAMES = /^(now|iat|issuedAt|nowSeconds|nowInSeconds|currentTime|timestamp|ts)$/i;

/** The unit a name gives a bare number (`JWT_EXPIRATION_DAYS`, `refreshTtlMs`, `expiresInMinutes`). */
export function unitOfName(name: string): number | undefined {
  if (name.length > 200) return undefined;
  const words = keyWords(name);
  // A one-letter name (`d`, `h`, `m`) is a variable, not a unit.
  if (words.length === 1 && words[0]!.length <= 1) return undefined;
  return keyUnit(words);
}

// moment/dayjs unit strings (moment: `M` is months, `m` minutes), luxon and date-fns duration keys.
const MOMENT_UNITS: Record<string, number> = {
  ms: MS, millisecond: MS, milliseconds: MS,
  s: 1, second: 1, seconds: 1,
  m: 60, minute: 60, minutes: 60,
  h: 3600, hour: 3600, hours: 3600,
  d: 86_400, day: 86_400, days: 86_400,
  w: 604_800, week: 604_800, weeks: 604_800,
  M: MONTH, month: MONTH, months: MONTH,
  Q: 3 * MONTH, quarter: 3 * MONTH, quarters: 3 * MONTH,
  y: YEAR, year: YEAR, years: YEAR,
};

function momentUnit(text: string): number | undefined {
  return MOMENT_UNITS[text] ?? (text.length > 1 ? MOMENT_UNITS[text.toLowerCase()] : undefined);
}

// Date setters and the getter each is paired with (`d.setDate(d.getDate() + 60)`).
const SETTERS: Record<string, { getter: string; unit: number }> = {
  setMilliseconds: { getter: 'getMilliseconds', unit: MS },
  setSeconds: { getter: 'getSeconds', unit: 1 },
  setMinutes: { getter: 'getMinutes', unit: 60 },
  setHours: { getter: 'getHours', unit: 3600 },
  setDate: { getter: 'getDate', unit: 86_400 },
  setMonth: { getter: 'getMonth', unit: MONTH },
  setFullYear: { getter: 'getFullYear', unit: YEAR },
  setYear: { getter: 'getYear', unit: YEAR },
  setUTCMilliseconds: { getter: 'getUTCMilliseconds', unit: MS },
  setUTCSeconds: { getter: 'getUTCSeconds', unit: 1 },
  setUTCMinutes: { getter: 'getUTCMinutes', unit: 60 },
  setUTCHours: { getter: 'getUTCHours', unit: 3600 },
  setUTCDate: { getter: 'getUTCDate', unit: 86_400 },
  setUTCMonth: { getter: 'getUTCMonth', unit: MONTH },
  setUTCFullYear: { getter: 'getUTCFullYear', unit: YEAR },
};

// date-fns `addDays(date, n)` / `subDays(date, n)` ...
const DATE_FNS_ADD: Record<string, number> = {
  addMilliseconds: MS, addSeconds: 1, addMinutes: 60, addHours: 3600, addDays: 86_400, addBusinessDays: 86_400,
  addWeeks: 604_800, addMonths: MONTH, addQuarters: 3 * MONTH, addYears: YEAR,
  subMilliseconds: -MS, subSeconds: -1, subMinutes: -60, subHours: -3600, subDays: -86_400, subBusinessDays: -86_400,
  subWeeks: -604_800, subMonths: -MONTH, subQuarters: -3 * MONTH, subYears: -YEAR,
};

const ROUNDING = new Set(['Math.floor', 'Math.ceil', 'Math.round', 'Math.trunc']);
const TO_NUMBER = new Set(['Number', 'parseInt', 'parseFloat', 'Number.parseInt', 'Number.parseFloat']);
const MOMENT_ROOTS = new Set(['moment', 'dayjs', 'moment.utc', 'dayjs.utc', 'moment.tz', 'dayjs.tz', 'DateTime.now', 'DateTime.utc', 'DateTime.local']);
const SAME_DATE = new Set(['toDate', 'toJSDate', 'clone', 'utc', 'local', 'toUTC', 'toLocal', 'tz', 'setZone', 'locale', 'setLocale']);

/** Per file: the calls that move a Date/moment held in a variable (`d.setDate(...)`, `m.add(...)` as a statement), by variable. */
const mutationsByFile = new WeakMap<FileIndex, Map<Binding, t.CallExpression[]>>();

function mutationsOf(index: FileIndex, resolver: ValueResolver): Map<Binding, t.CallExpression[]> {
  let map = mutationsByFile.get(index);
  if (map) return map;
  const building = new Map<Binding, t.CallExpression[]>();
  for (const call of index.calls) {
    resolver.budget?.tick();
    const callee = call.callee;
    if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier') continue;
    const method = methodName(callee);
    const moves = method in SETTERS || method === 'setTime' || ((method === 'add' || method === 'subtract') && index.parentOf.get(call)?.type === 'ExpressionStatement');
    if (!moves) continue;
    const binding = lookup(index.scopeOf.get(callee.object), callee.object.name);
    if (!binding || binding.kind !== 'var') continue;
    const list = building.get(binding);
    if (list) list.push(call);
    else building.set(binding, [call]);
  }
  map = building;
  mutationsByFile.set(index, map);
  return map;
}

function args(call: t.CallExpression | t.NewExpression | t.OptionalCallExpression): t.Expression[] | null {
  const out: t.Expression[] = [];
  for (const a of call.arguments) {
    if (a.type === 'SpreadElement' || a.type === 'ArgumentPlaceholder') return null;
    out.push(a as t.Expression);
  }
  return out;
}

function isMoment(q: Quantity | null): q is Moment {
  return q !== null && (q.t === 'time' || q.t === 'date');
}

/** Moves a time or date by `seconds`, remembering where the largest part of the move is written. */
function shift<Q extends Moment>(q: Q, seconds: number, at: At | undefined): Q {
  const size = Math.abs(seconds);
  const keep = q.at !== undefined && (q.atSize ?? 0) >= size;
  return { ...q, offset: q.offset + seconds, ...(keep || !at ? {} : { at, atSize: size }) };
}

function asNumber(q: Quantity | null): Extract<Quantity, { t: 'num' }> | null {
  if (!q) return null;
  if (q.t === 'num') return q;
  if (q.t === 'str') {
    const text = q.v.trim();
    if (text === '' || !/^-?\d+(?:\.\d+)?(?:e\d+)?$/i.test(text)) return null;
    return { t: 'num', v: Number(text), at: q.at, ...(q.unit !== undefined ? { unit: q.unit } : {}) };
  }
  return null;
}

function truthy(q: Quantity): boolean {
  return q.t === 'num' ? q.v !== 0 && !Number.isNaN(q.v) : q.t === 'str' ? q.v !== '' : true;
}

/** Seconds of a number or string as a lifetime: its own unit, else the name's, else the consumer's. */
function durationSeconds(q: Quantity, numberUnit: number, bareStringUnit: number): number | null {
  if (q.t === 'num') return q.v * (q.unit ?? numberUnit);
  if (q.t === 'str') {
    const m = /^(-?\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(q.v.trim());
    if (!m) return null;
    const amount = Number(m[1]);
    const unit = m[2]!;
    if (unit === '') return amount * (q.unit ?? bareStringUnit);
    const factor = STRING_UNITS[unit.toLowerCase()];
    return factor === undefined ? null : amount * factor;
  }
  return null;
}

// `ms`-style unit words (jsonwebtoken, jose, fast-jwt strings).
const STRING_UNITS: Record<string, number> = {
  ms: MS, msec: MS, msecs: MS, millisecond: MS, milliseconds: MS,
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86_400, day: 86_400, days: 86_400,
  w: 604_800, week: 604_800, weeks: 604_800,
  y: YEAR, yr: YEAR, yrs: YEAR, year: YEAR, years: YEAR,
};

/** One evaluation: a step budget on top of the depth limit and the file budget. */
export class LifetimeEvaluator {
  private steps = 0;

  constructor(private readonly resolver: ValueResolver) {}

  evaluate(node: t.Node, index: FileIndex, depth = 0): Quantity | null {
    this.resolver.budget?.tick();
    if (depth > MAX_DEPTH || ++this.steps > MAX_STEPS) return null;
    const n = unwrap(node);
    // Values read from config files carry synthetic nodes (no offsets): only the resolver reads them.
    if (typeof n.start !== 'number') return null;
    const at: At = { node: n, index };
    switch (n.type) {
      case 'NumericLiteral':
        return { t: 'num', v: n.value, at };
      case 'StringLiteral':
        return { t: 'str', v: n.value, at };
      case 'TemplateLiteral':
        return this.template(n, index, depth);
      case 'Identifier':
        return this.identifier(n, index, depth);
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        return this.member(n, index);
      case 'CallExpression':
      case 'OptionalCallExpression':
        return this.call(n, index, depth);
      case 'NewExpression':
        return this.newExpression(n, index, depth);
      case 'BinaryExpression':
        return this.binary(n, index, depth);
      case 'LogicalExpression':
        return this.logical(n, index, depth);
      case 'ConditionalExpression':
        return longer(this.evaluate(n.consequent, index, depth + 1), this.evaluate(n.alternate, index, depth + 1));
      case 'UnaryExpression':
        return this.unary(n, index, depth);
      default:
        return this.fromResolved(this.resolver.resolve(n, index), undefined);
    }
  }

  /** A resolved leaf: literals only (an env read or a call without a literal is not known). */
  private fromResolved(v: RValue, unit: number | undefined): Quantity | null {
    const withUnit = unit !== undefined ? { unit } : {};
    switch (v.kind) {
      case 'number':
        return { t: 'num', v: v.value, at: { node: v.node, index: v.index }, ...withUnit };
      case 'string':
        return { t: 'str', v: v.value, at: { node: v.node, index: v.index }, ...withUnit };
      case 'union': {
        let best: Quantity | null = null;
        for (const option of v.options.slice(0, 8)) best = longer(best, this.fromResolved(option, unit));
        return best;
      }
      default:
        return null;
    }
  }

  private template(n: t.TemplateLiteral, index: FileIndex, depth: number): Quantity | null {
    let text = '';
    let unit: number | undefined;
    for (let i = 0; i < n.quasis.length; i++) {
      text += n.quasis[i]!.value.cooked ?? n.quasis[i]!.value.raw;
      const expr = n.expressions[i];
      if (!expr) continue;
      const q = this.evaluate(expr, index, depth + 1);
      if (!q || (q.t !== 'num' && q.t !== 'str')) return null;
      text += String(q.v);
      unit ??= q.unit;
    }
    return { t: 'str', v: text, at: { node: n, index }, ...(unit !== undefined ? { unit } : {}) };
  }

  private identifier(n: t.Identifier, index: FileIndex, depth: number): Quantity | null {
    if (n.name === 'undefined' || n.name === 'NaN') return null;
    const unit = unitOfName(n.name);
    const binding = lookup(index.scopeOf.get(n), n.name);
    if (binding?.kind === 'var' && binding.init && binding.path.length === 0) {
      const q = this.evaluate(binding.init, index, depth + 1);
      if (q) {
        if (q.t === 'date') return this.applyMutations(binding, q, n, index, depth);
        return unit !== undefined && (q.t === 'num' || q.t === 'str') ? { ...q, unit } : q;
      }
    }
    // A wrapper's parameter while one of its calls is judged (src/lang/javascript/wrappers.ts): what that call passes.
    const passed = binding ? this.resolver.argumentFor(binding) : null;
    if (passed) {
      const q = this.evaluate(passed.node, passed.index, depth + 1);
      if (q) return unit !== undefined && (q.t === 'num' || q.t === 'str') ? { ...q, unit } : q;
    }
    const resolved = this.fromResolved(this.resolver.resolve(n, index), unit);
    if (resolved) return resolved;
    // `function token(user, now) { ... exp: now + 3600 }`: a time in seconds by its name.
    if ((!binding || binding.kind === 'param' || (binding.kind === 'var' && !binding.init)) && NOW_NAMES.test(n.name)) return { t: 'time', scale: 1, offset: 0 };
    return null;
  }

  private member(n: t.MemberExpression | t.OptionalMemberExpression, index: FileIndex): Quantity | null {
    const key = propertyKeyName(n.property, n.computed);
    const resolved = this.fromResolved(this.resolver.resolve(n, index), key === null ? undefined : unitOfName(key));
    if (resolved) return resolved;
    // `claims.iat + 3600`: the issue time, in seconds.
    if (key === 'iat') return { t: 'time', scale: 1, offset: 0 };
    return null;
  }

  /** The unit a value's name gives (for a fallback: `process.env.TTL_DAYS || 30`). */
  private nameUnit(node: t.Node, depth = 0): number | undefined {
    const n = unwrap(node);
    if (depth > 4) return undefined;
    if (n.type === 'Identifier') return unitOfName(n.name);
    if (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') {
      const key = propertyKeyName(n.property, n.computed);
      return key === null ? undefined : unitOfName(key);
    }
    if (n.type === 'LogicalExpression') return this.nameUnit(n.left, depth + 1);
    if (n.type === 'UnaryExpression' && n.operator === '+') return this.nameUnit(n.argument, depth + 1);
    if (n.type === 'CallExpression' || n.type === 'OptionalCallExpression') {
      const first = n.arguments[0];
      if (!first || first.type === 'SpreadElement' || first.type === 'ArgumentPlaceholder') return undefined;
      const name = calleeName(n.callee);
      if (TO_NUMBER.has(name) || name === 'String') return this.nameUnit(first, depth + 1);
      const method = methodName(n.callee);
      // `config.get('jwt.expirationDays')`: the last segment of the key.
      if ((method === 'get' || method === 'getOrThrow') && first.type === 'StringLiteral') {
        const segments = first.value.split(/[.:]/);
        return unitOfName(segments[segments.length - 1] ?? '');
      }
    }
    return undefined;
  }

  private logical(n: t.LogicalExpression, index: FileIndex, depth: number): Quantity | null {
    if (n.operator === '&&') return null;
    const left = this.evaluate(n.left, index, depth + 1);
    if (left && (n.operator === '??' || truthy(left))) return left;
    const right = this.evaluate(n.right, index, depth + 1);
    if (!right) return null;
    // A literal fallback counts in the unit its variable's name gives.
    const unit = this.nameUnit(n.left);
    return unit !== undefined && (right.t === 'num' || right.t === 'str') && right.unit === undefined ? { ...right, unit } : right;
  }

  private unary(n: t.UnaryExpression, index: FileIndex, depth: number): Quantity | null {
    if (n.operator === '+') {
      const q = this.evaluate(n.argument, index, depth + 1);
      return q?.t === 'date' ? { t: 'time', scale: MS, offset: q.offset, ...(q.at ? { at: q.at, atSize: q.atSize } : {}) } : isMoment(q) ? q : asNumber(q);
    }
    if (n.operator === '-') {
      const q = asNumber(this.evaluate(n.argument, index, depth + 1));
      return q ? { ...q, v: -q.v, at: { node: n, index } } : null;
    }
    // `~~x`: truncation.
    if (n.operator === '~' && n.argument.type === 'UnaryExpression' && n.argument.operator === '~') {
      const q = this.evaluate(n.argument.argument, index, depth + 1);
      return q?.t === 'num' ? { ...q, v: Math.trunc(q.v) } : q?.t === 'time' ? q : null;
    }
    return null;
  }

  private binary(n: t.BinaryExpression, index: FileIndex, depth: number): Quantity | null {
    if (n.left.type === 'PrivateName') return null;
    const op = n.operator;
    if (op !== '+' && op !== '-' && op !== '*' && op !== '/' && op !== '|' && op !== '>>' && op !== '>>>' && op !== '**') return null;
    const a = this.evaluate(n.left, index, depth + 1);
    if (!a) return null;
    const b = this.evaluate(n.right, index, depth + 1);
    if (!b) return null;
    const at: At = { node: n, index };
    // `x | 0`, `x >> 0`, `x >>> 0`: truncation.
    if (op === '|' || op === '>>' || op === '>>>') {
      const zero = asNumber(b);
      if (!zero || zero.v !== 0) return null;
      return a.t === 'num' ? { ...a, v: Math.trunc(a.v) } : a.t === 'time' ? a : null;
    }
    if (op === '+') {
      if (a.t === 'str' || b.t === 'str') {
        if ((a.t !== 'str' && a.t !== 'num') || (b.t !== 'str' && b.t !== 'num')) return null;
        const unit = a.unit ?? b.unit;
        return { t: 'str', v: String(a.v) + String(b.v), at, ...(unit !== undefined ? { unit } : {}) };
      }
      if (a.t === 'time' && b.t === 'num') return shift(a, b.v * a.scale, b.at);
      if (a.t === 'num' && b.t === 'time') return shift(b, a.v * b.scale, a.at);
      if (a.t === 'num' && b.t === 'num') {
        const unit = a.unit ?? b.unit;
        return { t: 'num', v: a.v + b.v, at, ...(unit !== undefined ? { unit } : {}) };
      }
      return null;
    }
    if (op === '-') {
      const bn = asNumber(b);
      if (a.t === 'time' && bn) return shift(a, -bn.v * a.scale, bn.at);
      // `d.getTime() - Date.now()`: a duration, in the timestamps' unit.
      if (a.t === 'time' && b.t === 'time' && a.scale === b.scale) return { t: 'num', v: (a.offset - b.offset) / a.scale, at: a.at ?? at };
      const an = asNumber(a);
      if (an && bn) {
        const unit = an.unit ?? bn.unit;
        return { t: 'num', v: an.v - bn.v, at, ...(unit !== undefined ? { unit } : {}) };
      }
      return null;
    }
    const an = asNumber(a);
    const bn = asNumber(b);
    if (op === '/') {
      // `Date.now() / 1000`: milliseconds to seconds.
      if (a.t === 'time' && a.scale === MS && bn?.v === 1000) return { ...a, scale: 1 };
      if (an && bn && bn.v !== 0) return { t: 'num', v: an.v / bn.v, at };
      return null;
    }
    if (op === '*') {
      if (a.t === 'time' && a.scale === 1 && bn?.v === 1000) return { ...a, scale: MS };
      if (b.t === 'time' && b.scale === 1 && an?.v === 1000) return { ...b, scale: MS };
      // Multiplying converts: `config.jwtExpirationDays * 24 * 3600` counts what the consumer counts.
      if (an && bn) return { t: 'num', v: an.v * bn.v, at };
      return null;
    }
    if (op === '**' && an && bn) return { t: 'num', v: an.v ** bn.v, at };
    return null;
  }

  private newExpression(n: t.NewExpression, index: FileIndex, depth: number): Quantity | null {
    if (n.callee.type !== 'Identifier' || n.callee.name !== 'Date') return null;
    const list = args(n);
    if (!list) return null;
    if (list.length === 0) return { t: 'date', offset: 0 };
    if (list.length !== 1) return null;
    // `new Date(Date.now() + N)`, `new Date(d)`.
    const q = this.evaluate(list[0]!, index, depth + 1);
    if (q?.t === 'date') return q;
    if (q?.t === 'time' && q.scale === MS) return { t: 'date', offset: q.offset, ...(q.at ? { at: q.at, atSize: q.atSize } : {}) };
    return null;
  }

  private call(n: t.CallExpression | t.OptionalCallExpression, index: FileIndex, depth: number): Quantity | null {
    const list = args(n);
    if (!list) return null;
    const callee = unwrap(n.callee);
    if (callee.type === 'Super' || callee.type === 'V8IntrinsicIdentifier') return null;
    const name = calleeName(callee);
    const method = methodName(callee);
    const first = list[0];

    if (ROUNDING.has(name) && first) {
      const q = this.evaluate(first, index, depth + 1);
      if (q?.t === 'num') return { ...q, v: roundWith(name, q.v) };
      return q?.t === 'time' ? q : null;
    }
    if (TO_NUMBER.has(name) && first) {
      const q = this.evaluate(first, index, depth + 1);
      if (q?.t === 'date') return { t: 'time', scale: MS, offset: q.offset, ...(q.at ? { at: q.at, atSize: q.atSize } : {}) };
      return q?.t === 'time' ? q : asNumber(q);
    }
    if (name === 'String' && first) {
      const q = this.evaluate(first, index, depth + 1);
      return q && (q.t === 'num' || q.t === 'str') ? { ...q, t: 'str', v: String(q.v) } : null;
    }
    if (name === 'Date.now' && list.length === 0) return { t: 'time', scale: MS, offset: 0 };
    // `ms('30d')` (the ms package): milliseconds.
    if (name === 'ms' && first && list.length === 1) {
      const q = this.evaluate(first, index, depth + 1);
      if (q?.t === 'str') {
        const seconds = durationSeconds({ ...q, unit: undefined }, 1, MS);
        if (seconds !== null) return { t: 'num', v: seconds * 1000, at: q.at };
      }
      return null;
    }
    if (MOMENT_ROOTS.has(name) || (callee.type === 'Identifier' && this.isMomentFactory(callee, index))) {
      if (list.length === 0 || name === 'moment.tz' || name === 'dayjs.tz') return { t: 'date', offset: 0 };
      const q = this.evaluate(first!, index, depth + 1);
      if (q?.t === 'date') return q;
      if (q?.t === 'time' && q.scale === MS) return { t: 'date', offset: q.offset, ...(q.at ? { at: q.at, atSize: q.atSize } : {}) };
      return null;
    }
    if ((name === 'DateTime.fromJSDate' || name === 'DateTime.fromMillis' || name === 'DateTime.fromSeconds' || name === 'fromUnixTime' || name === 'toDate') && first) {
      const q = this.evaluate(first, index, depth + 1);
      const wantScale = name === 'DateTime.fromSeconds' || name === 'fromUnixTime' ? 1 : MS;
      if (q?.t === 'date' && (name === 'DateTime.fromJSDate' || name === 'toDate')) return q;
      if (q?.t === 'time' && q.scale === wantScale) return { t: 'date', offset: q.offset, ...(q.at ? { at: q.at, atSize: q.atSize } : {}) };
      return null;
    }
    // date-fns: `getUnixTime(d)`, `getTime(d)`, `addDays(d, n)`, `add(d, { days: n })`.
    if (callee.type === 'Identifier' || callee.type === 'MemberExpression') {
      const fns = this.dateFns(method, list, index, depth);
      if (fns !== undefined) return fns;
    }
    if (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') {
      const base = this.evaluate(callee.object, index, depth + 1);
      if (base?.t === 'date') return this.dateMethod(base, method, n, list, index, depth);
    }
    // A local function returning one expression: `const nowSeconds = () => Math.floor(Date.now() / 1000)`.
    const target = this.resolver.resolve(callee, index);
    if (target.kind === 'function') {
      const returned = returnedExpression(target.fn);
      if (returned) {
        // `daysInMs(30)`: the function's parameters stand for this call's arguments.
        const fn = target.fn;
        const q = n.type === 'CallExpression' ? this.resolver.withFrames([{ fn, call: n, index }], () => this.evaluate(returned, target.index, depth + 1)) : this.evaluate(returned, target.index, depth + 1);
        // A value computed inside the helper from what the call passes is written at the call.
        if (q && 'at' in q && q.at && q.at.index === target.index && (q.at.node.start ?? -1) >= (fn.start ?? 0) && (q.at.node.end ?? 0) <= (fn.end ?? 0) && fn.params.length > 0 && n.arguments.length > 0) {
          return { ...q, at: { node: n, index } };
        }
        if (q) return q;
      }
    }
    return this.fromResolved(this.resolver.resolve(n, index), this.nameUnit(n));
  }

  private isMomentFactory(callee: t.Identifier, index: FileIndex): boolean {
    const binding = lookup(index.scopeOf.get(callee), callee.name);
    if (binding?.kind === 'import') return binding.source === 'moment' || binding.source === 'dayjs' || binding.source === 'moment-timezone';
    if (binding?.kind === 'var' && binding.init) {
      const v = this.resolver.resolve(callee, index);
      return v.kind === 'module' && (v.external === 'moment' || v.external === 'dayjs' || v.external === 'moment-timezone');
    }
    return false;
  }

  /** date-fns functions; `undefined` when the call is not one of them. */
  private dateFns(method: string, list: t.Expression[], index: FileIndex, depth: number): Quantity | null | undefined {
    const perUnit = DATE_FNS_ADD[method];
    const isAddObject = (method === 'add' || method === 'sub') && list.length === 2 && unwrap(list[1]!).type === 'ObjectExpression';
    if (perUnit === undefined && !isAddObject && method !== 'getUnixTime' && method !== 'getTime') return undefined;
    const first = list[0];
    if (!first) return undefined;
    const base = this.evaluate(first, index, depth + 1);
    // date-fns takes a Date or a timestamp in milliseconds.
    const date = base?.t === 'date' ? base : base?.t === 'time' && base.scale === MS ? ({ t: 'date', offset: base.offset, ...(base.at ? { at: base.at, atSize: base.atSize } : {}) } as const) : null;
    if (!date) return method === 'getTime' || method === 'add' || method === 'sub' ? undefined : null;
    if (method === 'getUnixTime') return { t: 'time', scale: 1, offset: date.offset, ...(date.at ? { at: date.at, atSize: date.atSize } : {}) };
    if (method === 'getTime') return { t: 'time', scale: MS, offset: date.offset, ...(date.at ? { at: date.at, atSize: date.atSize } : {}) };
    if (isAddObject) {
      const d = this.durationObject(list[1]!, index, depth);
      return d ? shift(date, method === 'sub' ? -d.seconds : d.seconds, d.at) : null;
    }
    const amount = asNumber(list[1] ? this.evaluate(list[1], index, depth + 1) : null);
    return amount ? shift(date, amount.v * perUnit!, amount.at) : null;
  }

  /** `{ days: 30, hours: 2 }` (luxon, moment, date-fns durations): seconds, and where the largest part is written. */
  private durationObject(node: t.Node, index: FileIndex, depth: number): { seconds: number; at: At } | null {
    const v = this.resolver.resolve(node, index);
    if (v.kind !== 'object' || v.hasUnknownSpread || v.props.size === 0 || v.props.size > 8) return null;
    let seconds = 0;
    let at: At | null = null;
    let largest = -1;
    for (const [key, lazy] of v.props) {
      const perUnit = momentUnit(key);
      if (perUnit === undefined) return null;
      const amount = asNumber(this.evaluate(lazy.node, lazy.index, depth + 1));
      if (!amount) return null;
      const part = amount.v * perUnit;
      seconds += part;
      if (Math.abs(part) > largest) {
        largest = Math.abs(part);
        at = amount.at;
      }
    }
    return at ? { seconds, at } : null;
  }

  /** A moment/dayjs `add(n, unit)` / luxon `plus({...})` duration. */
  private addedDuration(list: t.Expression[], index: FileIndex, depth: number, callAt: At): { seconds: number; at: At } | null {
    if (list.length === 0) return null;
    const first = unwrap(list[0]!);
    if (list.length === 1) {
      if (first.type === 'ObjectExpression' || first.type === 'Identifier' || first.type === 'MemberExpression') {
        const d = this.durationObject(first, index, depth);
        if (d) return d;
      }
      // A bare number is milliseconds (moment, dayjs, luxon).
      const n = asNumber(this.evaluate(first, index, depth + 1));
      return n ? { seconds: n.v * MS, at: n.at } : null;
    }
    const a = this.evaluate(list[0]!, index, depth + 1);
    const b = this.evaluate(list[1]!, index, depth + 1);
    // `add(30, 'days')`, and moment's older `add('days', 30)`.
    const [amount, unit] = b?.t === 'str' ? [asNumber(a), b] : a?.t === 'str' ? [asNumber(b), a] : [null, null];
    if (!amount || !unit) return null;
    const perUnit = momentUnit(unit.v);
    return perUnit === undefined ? null : { seconds: amount.v * perUnit, at: amount.at ?? callAt };
  }

  private dateMethod(base: Extract<Quantity, { t: 'date' }>, method: string, n: t.CallExpression | t.OptionalCallExpression, list: t.Expression[], index: FileIndex, depth: number): Quantity | null {
    const moved = base.at ? { at: base.at, atSize: base.atSize } : {};
    switch (method) {
      case 'getTime':
      case 'valueOf':
      case 'toMillis':
        return { t: 'time', scale: MS, offset: base.offset, ...moved };
      case 'unix':
      case 'toSeconds':
      case 'toUnixInteger':
        return { t: 'time', scale: 1, offset: base.offset, ...moved };
      case 'add':
      case 'plus':
      case 'subtract':
      case 'minus': {
        const d = this.addedDuration(list, index, depth, { node: n, index });
        if (!d) return null;
        return shift(base, method === 'add' || method === 'plus' ? d.seconds : -d.seconds, d.at);
      }
      default: {
        if (SAME_DATE.has(method)) return base;
        // `new Date().setDate(new Date().getDate() + 7)` returns the new timestamp in milliseconds.
        const moved2 = this.setterMove(base, method, list, index, depth);
        return moved2 ? { t: 'time', scale: MS, offset: moved2.offset, ...(moved2.at ? { at: moved2.at, atSize: moved2.atSize } : {}) } : null;
      }
    }
  }

  /** `d.setDate(d.getDate() + 60)`, `d.setTime(d.getTime() + N)`: the moved date, or null when the move is not a known shift. */
  private setterMove(base: Extract<Quantity, { t: 'date' }>, method: string, list: t.Expression[], index: FileIndex, depth: number): Extract<Quantity, { t: 'date' }> | null {
    if (list.length !== 1) return null;
    const arg = unwrap(list[0]!);
    if (method === 'setTime') {
      const q = this.evaluate(arg, index, depth + 1);
      if (q?.t === 'time' && q.scale === MS) return { ...base, offset: q.offset, ...(q.at ? { at: q.at, atSize: q.atSize } : {}) };
      return null;
    }
    const setter = SETTERS[method];
    if (!setter || arg.type !== 'BinaryExpression' || (arg.operator !== '+' && arg.operator !== '-') || arg.left.type === 'PrivateName') return null;
    const isGetter = (x: t.Node) => {
      const u = unwrap(x);
      return (u.type === 'CallExpression' || u.type === 'OptionalCallExpression') && u.arguments.length === 0 && methodName(u.callee) === setter.getter;
    };
    const other = isGetter(arg.left) ? arg.right : arg.operator === '+' && isGetter(arg.right) ? arg.left : null;
    if (!other) return null;
    const amount = asNumber(this.evaluate(other, index, depth + 1));
    if (!amount) return null;
    return shift(base, (arg.operator === '-' ? -amount.v : amount.v) * setter.unit, amount.at);
  }

  /** The setters and statement `add`s applied to a date variable between its declaration and this use, in source order. */
  private applyMutations(binding: Extract<Binding, { kind: 'var' }>, date: Extract<Quantity, { t: 'date' }>, use: t.Node, index: FileIndex, depth: number): Quantity | null {
    const calls = mutationsOf(index, this.resolver).get(binding);
    if (!calls) return date;
    let q: Extract<Quantity, { t: 'date' }> | null = date;
    const from = binding.id.end ?? 0;
    const until = use.start ?? 0;
    for (const call of calls) {
      this.resolver.budget?.tick();
      if ((call.start ?? 0) < from || (call.end ?? 0) > until) continue;
      const method = methodName(call.callee);
      const list = args(call);
      if (!list) return null;
      if (method === 'add' || method === 'subtract') {
        const d = this.addedDuration(list, index, depth + 1, { node: call, index });
        if (!d) return null;
        q = shift(q, method === 'add' ? d.seconds : -d.seconds, d.at);
      } else {
        q = this.setterMove(q, method, list, index, depth + 1);
        // A setter that is not a shift (`d.setHours(0, 0, 0, 0)`) leaves the date unknown.
        if (!q) return null;
      }
    }
    return q;
  }
}

function roundWith(name: string, v: number): number {
  switch (name) {
    case 'Math.floor':
      return Math.floor(v);
    case 'Math.ceil':
      return Math.ceil(v);
    case 'Math.round':
      return Math.round(v);
    default:
      return Math.trunc(v);
  }
}

/** Of two alternatives (a conditional, a union), the longer-lived one; a known one beats an unknown one. */
function longer(a: Quantity | null, b: Quantity | null): Quantity | null {
  if (!a) return b;
  if (!b) return a;
  if (a.t === 'num' && b.t === 'num') return b.v * (b.unit ?? 1) > a.v * (a.unit ?? 1) ? b : a;
  if (a.t === 'str' && b.t === 'str') {
    const sa = durationSeconds(a, 1, 1);
    const sb = durationSeconds(b, 1, 1);
    return sa !== null && sb !== null && sb > sa ? b : a;
  }
  if (isMoment(a) && isMoment(b) && a.t === b.t) return b.offset > a.offset ? b : a;
  return a;
}

// ---- lifetimes ------------------------------------------------------------------------

export interface ComputedLifetime {
  seconds: number;
  at: At;
  /** The `exp` is a millisecond timestamp (`Date.now() + N`): read as seconds, it never comes. */
  milliseconds?: true;
}

/** How far ahead a millisecond timestamp read as seconds lies: now × 1000 − now, about 55,000 years. */
const MILLISECOND_EXP_SECONDS = 1.7e12;

/**
 * A duration (`expiresIn`, `maxAge`): seconds, when the expression is built from literals
 * (or literal fallbacks). `numberUnit` and `bareStringUnit`: seconds per unit of a bare
 * number and of a numeric string for this option, unless the value's name says otherwise.
 */
export function computedDuration(node: t.Node, index: FileIndex, resolver: ValueResolver, numberUnit: number, bareStringUnit: number): ComputedLifetime | null {
  const q = new LifetimeEvaluator(resolver).evaluate(node, index);
  if (!q) return null;
  const seconds = durationSeconds(q, numberUnit, bareStringUnit);
  if (seconds === null || !Number.isFinite(seconds) || q.t === 'time' || q.t === 'date') return null;
  return { seconds, at: q.at };
}

/**
 * An expiry instant (`exp` claim, jose `setExpirationTime(number)`): how far after now, in
 * seconds, when the expression is the current time in seconds plus known amounts.
 * `acceptDates`: a Date object counts too (jose accepts one). A timestamp in milliseconds
 * in a claim counted in seconds is not a lifetime this can state: null.
 */
export function computedExpiry(node: t.Node, index: FileIndex, resolver: ValueResolver, acceptDates = false): ComputedLifetime | null {
  const q = new LifetimeEvaluator(resolver).evaluate(node, index);
  if (!q) return null;
  if (q.t === 'time' && q.scale === 1) return { seconds: q.offset, at: q.at ?? { node, index } };
  // `exp: Date.now() + 3600 * 1000`: JWT times are seconds, so this token never expires.
  if (q.t === 'time' && q.scale === 0.001) return { seconds: MILLISECOND_EXP_SECONDS, at: { node, index }, milliseconds: true };
  if (acceptDates && q.t === 'date') return { seconds: q.offset, at: q.at ?? { node, index } };
  return null;
}

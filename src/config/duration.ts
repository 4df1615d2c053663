const SECONDS_PER_UNIT: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86_400,
  day: 86_400,
  days: 86_400,
  w: 604_800,
  week: 604_800,
  weeks: 604_800,
};

const DURATION = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/;

/**
 * Parses `24h`, `30m`, `7d`, `90s`, `1w` or a bare number of seconds (`3600`) into whole
 * seconds. Returns undefined for anything else, zero and negative values included.
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  const unit = match[2] === '' ? 1 : SECONDS_PER_UNIT[match[2]!];
  if (unit === undefined) return undefined;
  const seconds = Math.round(Number(match[1]) * unit);
  return seconds > 0 ? seconds : undefined;
}

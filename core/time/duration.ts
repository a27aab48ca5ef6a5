const UNIT_MINUTES = { m: 1, h: 60, d: 1440, w: 10080 } as const;

/** Minutes in a duration such as 30m, 2h, 7d or 4w; undefined when it is not one. */
export function parseDurationMinutes(value: string): number | undefined {
  const match = /^([1-9]\d{0,5})([mhdw])$/.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MINUTES[match[2] as keyof typeof UNIT_MINUTES];
}

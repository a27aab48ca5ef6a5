export type Operator = '>' | '>=' | '<' | '<=' | '==' | '!=';

/** A parsed comparison: `"< 3%"` becomes { operator: '<', value: 0.03, percent: true }. */
export interface Condition {
  readonly operator: Operator;
  readonly value: number;
  readonly percent: boolean;
}

const CONDITION = /^\s*(>=|<=|==|!=|>|<|=)\s*(-?\d+(?:\.\d+)?)\s*(%?)\s*$/;

/** Parses a condition string; a `%` divides by 100, and a lone `=` means `==`. */
export function parseCondition(source: string): Condition | undefined {
  const match = CONDITION.exec(source);
  if (!match) return undefined;
  const operator = (match[1] === '=' ? '==' : match[1]) as Operator;
  const percent = match[3] === '%';
  const number = Number(match[2]);
  return { operator, value: percent ? number / 100 : number, percent };
}

/** Whether a value satisfies a condition. */
export function meetsCondition(value: number, condition: Condition): boolean {
  switch (condition.operator) {
    case '>': return value > condition.value;
    case '>=': return value >= condition.value;
    case '<': return value < condition.value;
    case '<=': return value <= condition.value;
    case '==': return value === condition.value;
    case '!=': return value !== condition.value;
  }
}

/** Condition and auto-approval rules: JsonLogic compiled by json-logic-engine. */
import { LogicEngine } from 'json-logic-engine';

const engine = new LogicEngine();

/** A compiled rule: a plain function over facts. */
export type CompiledRule = (facts: Record<string, unknown>) => unknown;

/** Compiles a JsonLogic rule; throws with the reason when the rule uses an unknown operator or is malformed. */
export function compileRule(rule: unknown): CompiledRule {
  return engine.build(rule as never) as CompiledRule;
}

/** Lists every variable name a rule reads (`{"var": "population.age"}` → `population.age`). */
export function ruleVariables(rule: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [op, args] of Object.entries(node)) {
      if (op === 'var') {
        const name = Array.isArray(args) ? args[0] : args;
        if (typeof name === 'string' && name !== '') found.add(name);
      } else walk(args);
    }
  };
  walk(rule);
  return [...found];
}

import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { parse } from 'yaml';

/** One use of an action in an example, with the template's values filled in. */
export interface ExampleStep {
  description: string;
  input: Record<string, unknown>;
}

// `${{ parameters.x }}` or `${{ steps['id'].output.x }}`, the whole value.
const EXPRESSION = /^\$\{\{\s*(.+?)\s*\}\}$/;

function fill(value: unknown, values: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const expression = value.match(EXPRESSION)?.[1];
    if (expression === undefined) {
      return value;
    }
    if (!(expression in values)) {
      throw new Error(`No test value for \${{ ${expression} }}`);
    }
    return values[expression];
  }
  if (Array.isArray(value)) {
    return value.map(item => fill(item, values));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, fill(v, values)]),
    );
  }
  return value;
}

/**
 * The inputs that the examples give the action, as the scaffolder would
 * pass them, with each template expression replaced by a test value.
 */
export function exampleSteps(
  examples: TemplateExample[],
  actionId: string,
  values: Record<string, unknown>,
): ExampleStep[] {
  return examples.flatMap(({ description, example }) => {
    const { steps } = parse(example) as {
      steps: Array<{ action: string; input?: Record<string, unknown> }>;
    };
    return steps
      .filter(step => step.action === actionId)
      .map(step => ({
        description,
        input: fill(step.input ?? {}, values) as Record<string, unknown>,
      }));
  });
}

// Dependency order of services: a topological order, and the levels that can start in parallel.
import { t } from '../../l10n';

export class DependencyCycleError extends Error {
  constructor(readonly cycle: string[]) {
    super(t('services depend on each other in a cycle: {0}', cycle.join(' → ')));
    this.name = 'DependencyCycleError';
  }
}

export interface DependencyOrder {
  /** Every service after the ones it depends on; ties keep file order (stable, so plans are reproducible). */
  order: string[];
  /** Level n holds the services whose dependencies are all in levels < n: each level can start in parallel. */
  levels: string[][];
}

/** `dependsOn` maps each service to the services it depends on (all of which must be keys). */
export function dependencyOrder(dependsOn: Record<string, string[]>): DependencyOrder {
  const names = Object.keys(dependsOn);
  const cycle = findCycle(dependsOn);
  if (cycle) throw new DependencyCycleError(cycle);

  const level = new Map<string, number>();
  const levelOf = (name: string): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    const deps = dependsOn[name] ?? [];
    const value = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(levelOf));
    level.set(name, value);
    return value;
  };
  const levels: string[][] = [];
  for (const name of names) (levels[levelOf(name)] ??= []).push(name);
  return { order: levels.flat(), levels };
}

/** A cycle as a closed path (["a", "b", "a"]), or undefined. Depth-first search with three colours. */
function findCycle(dependsOn: Record<string, string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    for (const dep of dependsOn[name] ?? []) {
      const found = visit(dep);
      if (found) return found;
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of Object.keys(dependsOn)) {
    const found = visit(name);
    if (found) return found;
  }
  return undefined;
}

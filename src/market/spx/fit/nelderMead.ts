/**
 * Nelder-Mead simplex minimiser (standard coefficients: reflection 1, expansion 2, contraction 0.5,
 * shrink 0.5). Deterministic: the same start and function give the same path and answer.
 */
export interface NelderMeadOptions {
  /** Initial step along each coordinate. */
  readonly initialStep: readonly number[];
  readonly maxIterations: number;
  /** Stop when the spread of function values over the simplex is below this. */
  readonly functionTolerance: number;
}

export interface NelderMeadResult {
  readonly point: readonly number[];
  readonly value: number;
  readonly iterations: number;
}

export function nelderMead(f: (x: readonly number[]) => number, start: readonly number[], options: NelderMeadOptions): NelderMeadResult {
  const n = start.length;
  let simplex: number[][] = [start.slice()];
  for (let i = 0; i < n; i++) {
    const vertex = start.slice();
    vertex[i] = (vertex[i] as number) + (options.initialStep[i] ?? 0.1);
    simplex.push(vertex);
  }
  let values = simplex.map(f);
  const combine = (a: readonly number[], b: readonly number[], t: number) => a.map((ai, i) => ai + t * ((b[i] as number) - ai));
  let iteration = 0;
  for (; iteration < options.maxIterations; iteration++) {
    const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
    simplex = order.map((i) => simplex[i] as number[]);
    values = order.map((i) => values[i] as number);
    const best = values[0] as number;
    const worst = values[n] as number;
    if (Math.abs(worst - best) <= options.functionTolerance) break;
    const centroid = new Array<number>(n).fill(0);
    for (let v = 0; v < n; v++) for (let i = 0; i < n; i++) centroid[i] = (centroid[i] as number) + ((simplex[v] as number[])[i] as number) / n;
    const worstPoint = simplex[n] as number[];
    const reflected = combine(centroid, worstPoint, -1);
    const reflectedValue = f(reflected);
    if (reflectedValue < best) {
      const expanded = combine(centroid, worstPoint, -2);
      const expandedValue = f(expanded);
      if (expandedValue < reflectedValue) {
        simplex[n] = expanded;
        values[n] = expandedValue;
      } else {
        simplex[n] = reflected;
        values[n] = reflectedValue;
      }
      continue;
    }
    if (reflectedValue < (values[n - 1] as number)) {
      simplex[n] = reflected;
      values[n] = reflectedValue;
      continue;
    }
    const contracted = combine(centroid, worstPoint, 0.5);
    const contractedValue = f(contracted);
    if (contractedValue < worst) {
      simplex[n] = contracted;
      values[n] = contractedValue;
      continue;
    }
    const bestPoint = simplex[0] as number[];
    for (let v = 1; v <= n; v++) {
      simplex[v] = combine(bestPoint, simplex[v] as number[], 0.5);
      values[v] = f(simplex[v] as number[]);
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= n; i++) if ((values[i] as number) < (values[bestIndex] as number)) bestIndex = i;
  return { point: simplex[bestIndex] as number[], value: values[bestIndex] as number, iterations: iteration };
}

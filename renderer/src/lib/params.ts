type ParamValue = string | number | boolean | null | undefined;

export interface ParamRow {
  name: string;
  values: ParamValue[];
  differs: boolean;
}

/** Rows = every param name any run has (first-seen order); a row differs if any two values do. */
export function paramRows(paramsPerRun: Record<string, ParamValue>[]): ParamRow[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const params of paramsPerRun) {
    for (const name of Object.keys(params)) {
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  return names.map((name) => {
    const values = paramsPerRun.map((p) => (name in p ? p[name] : undefined));
    const first = JSON.stringify(values[0] ?? null);
    return { name, values, differs: values.some((v) => JSON.stringify(v ?? null) !== first) };
  });
}

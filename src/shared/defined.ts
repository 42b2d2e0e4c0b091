// The one way to add optional properties only when they have a value (the code builds objects under
// exactOptionalPropertyTypes, where `{ k: undefined }` is not `{ k?: T }`): `{ ...defined({ k: maybe }) }`.
// Replaces `...(maybe !== undefined ? { k: maybe } : {})` written out by hand (the truthiness forms, which also drop
// '' or 0, are a different rule and stay explicit).

export type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/** The properties of `props` whose value is not undefined (null, 0, '' and false are kept). */
export function defined<T extends object>(props: T): Defined<T> {
  const out: Partial<Record<keyof T, unknown>> = {};
  for (const key of Object.keys(props) as Array<keyof T>) if (props[key] !== undefined) out[key] = props[key];
  return out as Defined<T>;
}

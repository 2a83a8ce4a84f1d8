// How a method of the API is declared: its input schema, its output type and the role it needs, side by side.
// Each capability keeps its methods in one module under shared/methods/; shared/api.ts merges them.
import type { z } from 'zod';
import type { Role } from './domain';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  /** Who may call it where sessions are required; default: any signed-in user (录入员 and up). */
  readonly role?: Role | 'anyone';
  /** Never set at run time: carries the output type beside the input. */
  readonly output?: O;
}

/** `method<Output>()(inputSchema, role?)`: the output type first (explicit), the input inferred from the schema. */
export const method =
  <O>() =>
  <I extends z.ZodType>(input: I, role?: Role | 'anyone'): MethodSpec<I, O> =>
    role ? { input, role } : { input };

export type MethodModule = Record<string, MethodSpec>;
export type InputsOf<T extends MethodModule> = { [K in keyof T]: T[K]['input'] };
export type OutputsOf<T extends MethodModule> = { [K in keyof T]: T[K] extends MethodSpec<z.ZodType, infer O> ? O : never };

export function inputsOf<T extends MethodModule>(module: T): InputsOf<T> {
  return Object.fromEntries(Object.entries(module).map(([name, spec]) => [name, spec.input])) as InputsOf<T>;
}

export function rolesOf(module: MethodModule): Record<string, Role | 'anyone'> {
  return Object.fromEntries(Object.entries(module).flatMap(([name, spec]) => (spec.role ? [[name, spec.role]] : [])));
}

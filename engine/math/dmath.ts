/**
 * Deterministic elementary functions for the models (see README.md beside this file).
 *
 * ECMAScript specifies + − × ÷, Math.sqrt, rounding, comparisons and typed-array bit patterns exactly, but leaves
 * Math.exp, log, pow (and `**`), sin, cos, atan2, cosh … "implementation-approximated": Node's V8 and a browser's
 * V8 of another version return different last bits for a few per cent of arguments. Everything the scenario
 * pipeline computes goes through these functions instead, written with the exactly specified operations only
 * (ports of fdlibm / FreeBSD msun / musl, error < 1 ulp), so the same inputs give the same bits everywhere.
 *
 *   import * as dmath from '../math/dmath.ts';
 *   dmath.exp(-d * d / (2 * s * s));
 *
 * Range: trigonometric arguments are reduced exactly for every finite double (Payne–Hanek beyond 2^19·π/2).
 * Special values (±0, ±Infinity, NaN, subnormals) follow ECMAScript's Math.* definitions. `hypot` takes two
 * arguments. `powInt` (repeated squaring) and `pow2i` (exact 2^k) serve integer exponents; `sq` squares.
 */
export { exp, expm1, sinh, cosh, tanh, pow2i, powInt, scalbn, sq } from './exp.ts';
export { log, log1p, log2, log10, cbrt, hypot } from './log.ts';
export { pow } from './pow.ts';
export { sin, cos, tan } from './trig.ts';
export { asin, acos, atan, atan2 } from './atan.ts';

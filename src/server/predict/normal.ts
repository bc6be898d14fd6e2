/** Standard normal CDF via the complementary error function. Pure. */
import { erfc } from './anomaly/gaussian';

export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

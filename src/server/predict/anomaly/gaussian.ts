/** Gaussian tail maths for the anomaly likelihood. Pure. */

/**
 * Complementary error function, Chebyshev fit from Numerical Recipes (erfcc): fractional error
 * below 1.2e-7 everywhere, which keeps tail probabilities of 1e-10 meaningful.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Two-sided Gaussian tail: the probability of a value at least as far from the mean as `x`
 * (on the same side), as Numenta's anomaly likelihood defines it (values below the mean are
 * mirrored above it).
 */
export function tailProbability(x: number, mean: number, stdev: number): number {
  const xp = x < mean ? 2 * mean - x : x;
  const z = (xp - mean) / stdev;
  return 0.5 * erfc(z / Math.SQRT2);
}

/* Per-sub-block scale searches behind the K-quant quantizers (internal to native/src/quants). */
#ifndef FC_QUANT_K_FIT_H
#define FC_QUANT_K_FIT_H

#include <stdint.h>

/* Nearest integer level of v in [lo, hi]; NaN goes to lo. */
static inline int fc_quant_level(float v, int lo, int hi) {
    if (!(v > (float)lo)) return lo;
    if (v >= (float)hi) return hi;
    const float r = v + 0.5f;
    const int i = (int)r; /* truncation toward zero: step down for negative fractions */
    return (float)i > r ? i - 1 : i;
}

/* Least-squares fit of x[0..n) ~ scale * L - offset with L in [0, nmax], scale >= 0, offset >= 0 (n <= 256).
 * Returns the squared error; L receives the levels. */
float fc_fit_scale_offset(const float *x, int n, int nmax, uint8_t *L, float *scale, float *offset);

/* Least-squares fit of x[0..n) ~ scale * L with L in [-nmax, nmax - 1] (the extra negative level is used by
 * flipping the scale's sign; n <= 256). Returns the squared error. */
float fc_fit_symmetric(const float *x, int n, int nmax, int8_t *L, float *scale);

/* Squared error of x ~ scale * L - offset with L re-chosen for the given scale and offset. */
float fc_requantize_offset(const float *x, int n, int nmax, float scale, float offset, uint8_t *L);

/* Squared error of x ~ scale * L with L re-chosen for the given scale. */
float fc_requantize_symmetric(const float *x, int n, int nmax, float scale, int8_t *L);

#endif

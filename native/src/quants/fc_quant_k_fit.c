/*
 * Scale searches for K-quant sub-blocks. Each tries a fan of candidate scales around "range / levels",
 * rounds x to levels with each, solves the least-squares scale (and offset) for those levels, and keeps
 * the fit with the smallest squared error; a few Lloyd-style rounds (re-round, re-fit) polish the winner.
 */
#include <math.h>

#include "fc_quant_k_fit.h"

#define CANDIDATES 21 /* level counts nmax - 1 .. nmax + 1 in steps of 0.1 */
#define POLISH_ROUNDS 3

float fc_requantize_offset(const float *x, int n, int nmax, float scale, float offset, uint8_t *L) {
    const float inv = scale > 0.0f ? 1.0f / scale : 0.0f;
    float err = 0.0f;
    for (int j = 0; j < n; j++) {
        L[j] = (uint8_t)fc_quant_level((x[j] + offset) * inv, 0, nmax);
        const float diff = scale * L[j] - offset - x[j];
        err += diff * diff;
    }
    return err;
}

float fc_requantize_symmetric(const float *x, int n, int nmax, float scale, int8_t *L) {
    const float inv = scale != 0.0f ? 1.0f / scale : 0.0f;
    float err = 0.0f;
    for (int j = 0; j < n; j++) {
        L[j] = (int8_t)fc_quant_level(x[j] * inv, -nmax, nmax - 1);
        const float diff = scale * L[j] - x[j];
        err += diff * diff;
    }
    return err;
}

/* Best scale >= 0 and offset >= 0 for fixed levels L; returns the squared error of that fit in closed form
 * (sums in double: the error is a small difference of large terms), or INFINITY when L carries no information. */
static float solve_scale_offset(const float *x, int n, const uint8_t *L, float *scale, float *offset) {
    double sl = 0, sll = 0, sx = 0, sxl = 0, sxx = 0;
    for (int j = 0; j < n; j++) {
        sl += L[j];
        sll += (double)L[j] * L[j];
        sx += x[j];
        sxl += (double)x[j] * L[j];
        sxx += (double)x[j] * x[j];
    }
    const double det = n * sll - sl * sl;
    if (!(det > 0.0)) return INFINITY;
    double a = (n * sxl - sl * sx) / det;
    double b = (sll * sx - sl * sxl) / det; /* x ~ a L + b */
    if (b > 0.0) { /* the format only subtracts: pin the offset at zero */
        b = 0.0;
        a = sxl / sll;
    }
    if (!(a > 0.0)) return INFINITY;
    *scale = (float)a;
    *offset = (float)-b;
    /* sum (a L + b - x)^2 expanded over the sums */
    const double err = sxx + a * a * sll + n * b * b + 2 * a * b * sl - 2 * a * sxl - 2 * b * sx;
    return err > 0.0 ? (float)err : 0.0f;
}

float fc_fit_scale_offset(const float *x, int n, int nmax, uint8_t *L, float *scale, float *offset) {
    float lo = 0.0f, hi = 0.0f; /* lo <= 0: the offset cannot be negative */
    for (int j = 0; j < n; j++) {
        lo = fminf(lo, x[j]);
        hi = fmaxf(hi, x[j]);
    }
    *offset = -lo;
    if (!(hi > lo)) { /* all equal (and <= 0) or non-finite */
        *scale = 0.0f;
        return fc_requantize_offset(x, n, nmax, 0.0f, *offset, L);
    }
    *scale = (hi - lo) / nmax;
    float best = fc_requantize_offset(x, n, nmax, *scale, *offset, L);
    uint8_t trial[256];
    for (int c = 0; c < CANDIDATES; c++) {
        const float levels = nmax - 1.0f + 0.1f * c;
        float s = 0, o = 0;
        fc_requantize_offset(x, n, nmax, (hi - lo) / levels, -lo, trial);
        const float err = solve_scale_offset(x, n, trial, &s, &o); /* an upper bound: re-rounding only helps */
        if (err < best) {
            best = err;
            *scale = s;
            *offset = o;
        }
    }
    for (int r = 0; r < POLISH_ROUNDS; r++) {
        float s = *scale, o = *offset;
        fc_requantize_offset(x, n, nmax, s, o, trial);
        if (solve_scale_offset(x, n, trial, &s, &o) == INFINITY) break;
        const float err = fc_requantize_offset(x, n, nmax, s, o, trial);
        if (!(err < best)) break;
        best = err;
        *scale = s;
        *offset = o;
    }
    return fc_requantize_offset(x, n, nmax, *scale, *offset, L);
}

/* Optimal scale (x.L) / |L|^2 for fixed levels; returns the error |x|^2 - (x.L)^2 / |L|^2, INFINITY if L = 0. */
static float fit_levels(const float *x, int n, const int8_t *L, float *scale) {
    double sxl = 0, sll = 0, sxx = 0;
    for (int j = 0; j < n; j++) {
        sxl += (double)x[j] * L[j];
        sll += (double)L[j] * L[j];
        sxx += (double)x[j] * x[j];
    }
    if (!(sll > 0.0)) return INFINITY;
    *scale = (float)(sxl / sll);
    const double err = sxx - sxl * sxl / sll;
    return err > 0.0 ? (float)err : 0.0f;
}

float fc_fit_symmetric(const float *x, int n, int nmax, int8_t *L, float *scale) {
    float amax = 0.0f, extreme = 0.0f;
    for (int j = 0; j < n; j++) {
        if (fabsf(x[j]) > amax) {
            amax = fabsf(x[j]);
            extreme = x[j];
        }
    }
    *scale = 0.0f;
    if (!(amax > 0.0f) || !isfinite(amax)) return fc_requantize_symmetric(x, n, nmax, 0.0f, L);
    /* the extreme on the longer negative side (-nmax) first, then on the positive side (nmax - 1) */
    *scale = extreme / -nmax;
    float best = fc_requantize_symmetric(x, n, nmax, *scale, L);
    int8_t trial[256];
    for (int side = 0; side < 2; side++) {
        for (int c = 0; c < CANDIDATES; c++) {
            const float levels = (side == 0 ? -(float)nmax : nmax - 1.0f) + 0.1f * (c - CANDIDATES / 2);
            float s = 0;
            fc_requantize_symmetric(x, n, nmax, extreme / levels, trial);
            const float err = fit_levels(x, n, trial, &s); /* an upper bound: re-rounding only helps */
            if (err < best) {
                best = err;
                *scale = s;
            }
        }
    }
    for (int r = 0; r < POLISH_ROUNDS; r++) {
        float s = *scale;
        fc_requantize_symmetric(x, n, nmax, s, trial);
        if (fit_levels(x, n, trial, &s) == INFINITY) break;
        const float err = fc_requantize_symmetric(x, n, nmax, s, trial);
        if (!(err < best)) break;
        best = err;
        *scale = s;
    }
    return fc_requantize_symmetric(x, n, nmax, *scale, L);
}

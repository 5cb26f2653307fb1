/*
 * Per-level row kernels of the f32 ops (internal). The public entry points validate arguments and pick
 * one of these by fc_current_level(); tests call them directly too.
 */
#ifndef FC_OPS_H
#define FC_OPS_H

#include <stdint.h>

/* y = x / sqrt(mean(x^2) + eps) * w over one row; w may be NULL; y may equal x. */
typedef void (*fc_rmsnorm_row_fn)(const float *x, const float *w, float *y, int64_t n, float eps);
/* In-place max-subtracted softmax of one row. */
typedef void (*fc_softmax_row_fn)(float *x, int64_t n);
/* out = gate * sigmoid(gate) * up. */
typedef void (*fc_swiglu_fn)(const float *gate, const float *up, float *out, int64_t n);

void fc_rmsnorm_row_scalar(const float *x, const float *w, float *y, int64_t n, float eps);
void fc_rmsnorm_row_avx2(const float *x, const float *w, float *y, int64_t n, float eps);
void fc_rmsnorm_row_avx512(const float *x, const float *w, float *y, int64_t n, float eps);

void fc_softmax_row_scalar(float *x, int64_t n);
void fc_softmax_row_avx2(float *x, int64_t n);
void fc_softmax_row_avx512(float *x, int64_t n);

void fc_swiglu_scalar(const float *gate, const float *up, float *out, int64_t n);
void fc_swiglu_avx2(const float *gate, const float *up, float *out, int64_t n);
void fc_swiglu_avx512(const float *gate, const float *up, float *out, int64_t n);

/* The kernels of the current level. */
fc_rmsnorm_row_fn fc_rmsnorm_row_kernel(void);
fc_softmax_row_fn fc_softmax_row_kernel(void);
fc_swiglu_fn fc_swiglu_kernel(void);

#endif

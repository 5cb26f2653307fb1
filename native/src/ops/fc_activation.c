/* Element-wise and row-wise activations: swiglu, softmax, add, mul (scalar kernels and entry points). */
#include <math.h>

#include "fc_dispatch.h"
#include "fc_internal.h"
#include "fc_ops.h"
#include "fc_profile.h"

void fc_swiglu_scalar(const float *gate, const float *up, float *out, int64_t n) {
    /* g / (1 + e^-g): for very negative g, e^-g is inf and the quotient a clean -0. */
    for (int64_t i = 0; i < n; i++) out[i] = gate[i] / (1.0f + expf(-gate[i])) * up[i];
}

/* A row that is entirely -inf has no maximum to subtract; it becomes uniform rather than NaN. */
static void softmax_uniform(float *x, int64_t n) {
    for (int64_t i = 0; i < n; i++) x[i] = 1.0f / (float)n;
}

void fc_softmax_row_scalar(float *x, int64_t n) {
    float max = -INFINITY;
    for (int64_t i = 0; i < n; i++) max = x[i] > max ? x[i] : max;
    if (max == -INFINITY) {
        softmax_uniform(x, n);
        return;
    }
    double sum = 0.0; /* the one serial reduction here; double keeps it exact enough for any n */
    for (int64_t i = 0; i < n; i++) {
        x[i] = expf(x[i] - max);
        sum += x[i];
    }
    const float inv = (float)(1.0 / sum);
    for (int64_t i = 0; i < n; i++) x[i] *= inv;
}

fc_swiglu_fn fc_swiglu_kernel(void) {
    switch (fc_current_level()) {
    case FC_LEVEL_AVX512: return fc_swiglu_avx512;
    case FC_LEVEL_AVX2: return fc_swiglu_avx2;
    default: return fc_swiglu_scalar;
    }
}

fc_softmax_row_fn fc_softmax_row_kernel(void) {
    switch (fc_current_level()) {
    case FC_LEVEL_AVX512: return fc_softmax_row_avx512;
    case FC_LEVEL_AVX2: return fc_softmax_row_avx2;
    default: return fc_softmax_row_scalar;
    }
}

static fc_status check_binary(const char *op, const void *a, const void *b, const void *out, int64_t n) {
    if (n < 0) return fc_set_error(FC_ERR_INVALID_ARGUMENT, "%s: n = %lld is negative", op, (long long)n);
    if (n > 0 && (!a || !b || !out)) return fc_set_error(FC_ERR_INVALID_ARGUMENT, "%s: NULL pointer", op);
    return FC_OK;
}

fc_status fc_swiglu(const float *gate, const float *up, float *out, int64_t n) {
    fc_clear_error();
    const uint64_t profile_start = fc_profile_begin();
    const fc_status status = check_binary("fc_swiglu", gate, up, out, n);
    if (status != FC_OK) return status;
    fc_swiglu_kernel()(gate, up, out, n);
    return fc_profile_end(profile_start);
}

fc_status fc_softmax(float *x, int64_t rows, int64_t n) {
    fc_clear_error();
    const uint64_t profile_start = fc_profile_begin();
    if (rows < 0 || n <= 0)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_softmax: rows = %lld, n = %lld (rows >= 0, n > 0 required)",
                            (long long)rows, (long long)n);
    if (rows > 0 && !x) return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_softmax: x must not be NULL");
    const fc_softmax_row_fn row = fc_softmax_row_kernel();
    for (int64_t r = 0; r < rows; r++) row(x + r * n, n);
    return fc_profile_end(profile_start);
}

/* add and mul are pure bandwidth: plain loops the compiler vectorises are as fast as intrinsics. */
fc_status fc_add(const float *a, const float *b, float *out, int64_t n) {
    fc_clear_error();
    const uint64_t profile_start = fc_profile_begin();
    const fc_status status = check_binary("fc_add", a, b, out, n);
    if (status != FC_OK) return status;
    for (int64_t i = 0; i < n; i++) out[i] = a[i] + b[i];
    return fc_profile_end(profile_start);
}

fc_status fc_mul(const float *a, const float *b, float *out, int64_t n) {
    fc_clear_error();
    const uint64_t profile_start = fc_profile_begin();
    const fc_status status = check_binary("fc_mul", a, b, out, n);
    if (status != FC_OK) return status;
    for (int64_t i = 0; i < n; i++) out[i] = a[i] * b[i];
    return fc_profile_end(profile_start);
}

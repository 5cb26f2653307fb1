/* RMS normalisation (fc_rmsnorm) and its scalar row kernel. */
#include <math.h>

#include "fc_dispatch.h"
#include "fc_internal.h"
#include "fc_ops.h"
#include "fc_profile.h"

void fc_rmsnorm_row_scalar(const float *x, const float *w, float *y, int64_t n, float eps) {
    /* Eight independent partial sums: fewer rounding steps per sum and a loop the compiler can vectorise. */
    float part[8] = {0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; j++) part[j] += x[i + j] * x[i + j];
    float sum = 0.0f;
    for (; i < n; i++) sum += x[i] * x[i];
    for (int j = 0; j < 8; j++) sum += part[j];
    const float inv = 1.0f / sqrtf(sum / (float)n + eps);
    if (w) {
        for (i = 0; i < n; i++) y[i] = x[i] * inv * w[i];
    } else {
        for (i = 0; i < n; i++) y[i] = x[i] * inv;
    }
}

fc_rmsnorm_row_fn fc_rmsnorm_row_kernel(void) {
    switch (fc_current_level()) {
    case FC_LEVEL_AVX512: return fc_rmsnorm_row_avx512;
    case FC_LEVEL_AVX2: return fc_rmsnorm_row_avx2;
    default: return fc_rmsnorm_row_scalar;
    }
}

fc_status fc_rmsnorm(const float *x, const float *weight, float *y, int64_t rows, int64_t n, float eps) {
    fc_clear_error();
    const uint64_t profile_start = fc_profile_begin();
    if (rows < 0 || n <= 0)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_rmsnorm: rows = %lld, n = %lld (rows >= 0, n > 0 required)",
                            (long long)rows, (long long)n);
    if (rows > 0 && (!x || !y)) return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_rmsnorm: x and y must not be NULL");
    if (!(eps >= 0.0f)) return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_rmsnorm: eps must be >= 0");
    const fc_rmsnorm_row_fn row = fc_rmsnorm_row_kernel();
    for (int64_t r = 0; r < rows; r++) row(x + r * n, weight, y + r * n, n, eps);
    return fc_profile_end(profile_start);
}

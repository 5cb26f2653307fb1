/* AVX2 row kernels: rmsnorm, softmax, swiglu. Tails use masked loads and stores (vmaskmovps). */
#include <math.h>

#include "fc_ops.h"
#include "fc_vec_exp.h"

static inline __m256i tail_mask(int64_t remaining) { return fc_tail_mask256(remaining >= 8 ? 8 : remaining); }

void fc_rmsnorm_row_avx2(const float *x, const float *w, float *y, int64_t n, float eps) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256 a = _mm256_loadu_ps(x + i), b = _mm256_loadu_ps(x + i + 8);
        acc0 = _mm256_fmadd_ps(a, a, acc0);
        acc1 = _mm256_fmadd_ps(b, b, acc1);
    }
    for (; i < n; i += 8) {
        const __m256 a = _mm256_maskload_ps(x + i, tail_mask(n - i));
        acc0 = _mm256_fmadd_ps(a, a, acc0);
    }
    const float sum = fc_hsum256(_mm256_add_ps(acc0, acc1));
    const __m256 inv = _mm256_set1_ps(1.0f / sqrtf(sum / (float)n + eps));
    for (i = 0; i < n; i += 8) {
        const __m256i m = tail_mask(n - i);
        __m256 v = _mm256_mul_ps(_mm256_maskload_ps(x + i, m), inv);
        if (w) v = _mm256_mul_ps(v, _mm256_maskload_ps(w + i, m));
        _mm256_maskstore_ps(y + i, m, v);
    }
}

void fc_softmax_row_avx2(float *x, int64_t n) {
    const __m256 neg_inf = _mm256_set1_ps(-INFINITY);
    __m256 vmax = neg_inf;
    for (int64_t i = 0; i < n; i += 8) {
        const __m256i m = tail_mask(n - i);
        vmax = _mm256_max_ps(vmax, _mm256_blendv_ps(neg_inf, _mm256_maskload_ps(x + i, m), _mm256_castsi256_ps(m)));
    }
    const float max = fc_hmax256(vmax);
    if (max == -INFINITY) {
        for (int64_t i = 0; i < n; i++) x[i] = 1.0f / (float)n;
        return;
    }
    __m256d sum0 = _mm256_setzero_pd(), sum1 = _mm256_setzero_pd(); /* double lanes: n may be a vocabulary */
    const __m256 shift = _mm256_set1_ps(max);
    for (int64_t i = 0; i < n; i += 8) {
        const __m256i m = tail_mask(n - i);
        const __m256 e = _mm256_and_ps(fc_exp256(_mm256_sub_ps(_mm256_maskload_ps(x + i, m), shift)), _mm256_castsi256_ps(m));
        _mm256_maskstore_ps(x + i, m, e);
        sum0 = _mm256_add_pd(sum0, _mm256_cvtps_pd(_mm256_castps256_ps128(e)));
        sum1 = _mm256_add_pd(sum1, _mm256_cvtps_pd(_mm256_extractf128_ps(e, 1)));
    }
    double lanes[4];
    _mm256_storeu_pd(lanes, _mm256_add_pd(sum0, sum1));
    const __m256 inv = _mm256_set1_ps((float)(1.0 / (lanes[0] + lanes[1] + lanes[2] + lanes[3])));
    for (int64_t i = 0; i < n; i += 8) {
        const __m256i m = tail_mask(n - i);
        _mm256_maskstore_ps(x + i, m, _mm256_mul_ps(_mm256_maskload_ps(x + i, m), inv));
    }
}

void fc_swiglu_avx2(const float *gate, const float *up, float *out, int64_t n) {
    const __m256 one = _mm256_set1_ps(1.0f);
    for (int64_t i = 0; i < n; i += 8) {
        const __m256i m = tail_mask(n - i);
        const __m256 g = _mm256_maskload_ps(gate + i, m);
        const __m256 silu = _mm256_div_ps(g, _mm256_add_ps(one, fc_exp256(_mm256_sub_ps(_mm256_setzero_ps(), g))));
        _mm256_maskstore_ps(out + i, m, _mm256_mul_ps(silu, _mm256_maskload_ps(up + i, m)));
    }
}

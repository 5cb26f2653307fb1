/*
 * A matmul test problem shared by test_matmul.c and test_repack.c: random weights quantized with the type's
 * reference quantizer, random activations in [-1, 1], and the float64 product of the DEQUANTIZED weights with
 * x, so the only error left to a kernel is its own (8-bit activation rounding for quantized types, float
 * rounding for float types). bound[i][j] is the worst-case error of that rounding for one output.
 */
#ifndef FC_TEST_MATMUL_H
#define FC_TEST_MATMUL_H

#include <math.h>
#include <stdlib.h>

#include "fc_test.h"
#include "fastchat.h"
#include "quants/fc_quant_rows.h"

static inline int fc_test_is_float(int32_t type) {
    return type == FC_TYPE_F32 || type == FC_TYPE_F16 || type == FC_TYPE_BF16;
}

typedef struct {
    int32_t type;
    int64_t n, k, m;
    void *w;         /* quantized weights, n rows */
    float *x;        /* [m][k] */
    double *ref;     /* [m][n] */
    double *bound;   /* [m][n]: worst-case error of the activation rounding */
} problem;

static void problem_make(problem *p, int32_t type, int64_t n, int64_t k, int64_t m) {
    *p = (problem){.type = type, .n = n, .k = k, .m = m};
    const int64_t row_bytes = fc_type_row_bytes(type, k);
    p->w = malloc((size_t)(row_bytes * n));
    p->x = malloc(sizeof(float) * (size_t)(m * k));
    p->ref = malloc(sizeof(double) * (size_t)(m * n));
    p->bound = malloc(sizeof(double) * (size_t)(m * n));
    float *wf = malloc(sizeof(float) * (size_t)(n * k));
    float *src = malloc(sizeof(float) * (size_t)k);
    for (int64_t j = 0; j < n; j++) {
        fc_test_fill(src, k, -1.0f, 1.0f);
        fc_get_from_float(type)(src, (char *)p->w + j * row_bytes, k);
        fc_get_to_float(type)((char *)p->w + j * row_bytes, wf + j * k, k);
    }
    fc_test_fill(p->x, m * k, -1.0f, 1.0f);
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) {
            double s = 0, a = 0;
            for (int64_t t = 0; t < k; t++) {
                s += (double)wf[j * k + t] * p->x[i * k + t];
                a += fabs((double)wf[j * k + t]);
            }
            p->ref[i * n + j] = s;
            /* |x| <= 1: rounding moves each activation by at most half a step of amax/127 <= 1/127 */
            p->bound[i * n + j] = fc_test_is_float(type) ? 1e-4 * (a + 1) : a * (0.5 / 127.0) * 1.05 + 1e-4;
        }
    free(src);
    free(wf);
}

static void problem_free(problem *p) {
    free(p->w);
    free(p->x);
    free(p->ref);
    free(p->bound);
}

#endif

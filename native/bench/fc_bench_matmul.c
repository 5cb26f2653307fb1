/*
 * fc_matmul benchmark: measured read bandwidth and clock first, then matvec GB/s of weight bytes (as % of
 * a bandwidth probe run right before it: the host's bandwidth drifts) and matmul GOP/s (as % of the int8
 * vpdpbusd peak), printed as a markdown table.
 *
 *   fc_bench_matmul [--types q4_0,q8_0,f16] [--shapes 2048x2048,5632x2048] [--batch 1,8,64,512]
 *                   [--threads 1,2] [--levels max|all|0,1,2] [--novnni] [--min-time 0.3] [--no-probe]
 *                   [--panel-min-rows 8] [--repacked]
 *
 * --repacked times fc_matmul_repacked on weights made by fc_repack (Q4_0 and Q8_0; other types as usual).
 *
 * Shapes are n x k (output rows x row length: 5632x2048 is an FFN up projection, 2048x5632 its down
 * projection). Matvec (batch 1) cycles through copies of the weights totalling >= 512 MiB so every call
 * reads them from DRAM, as a decode step does; batched runs reuse one copy. GB/s and GOP/s are computed
 * from the median time (the best time is printed too).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fastchat.h"
#include "fc_bench_common.h"
#include "fc_parallel.h"
#include "matmul/fc_vec_dot.h"
#include "quants/fc_quant_rows.h"

#if defined(__x86_64__)
#  include <immintrin.h>
#endif

/* vpdpbusd zmm per cycle on one core, from 12 independent accumulator chains. */
#if defined(__x86_64__)
__attribute__((target("avx512f,avx512vnni"))) static double measure_vnni_per_cycle(double ghz) {
    __m512i a0 = _mm512_set1_epi32(1), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0,
            a9 = a0, a10 = a0, a11 = a0;
    const __m512i b = _mm512_set1_epi8(3), c = _mm512_set1_epi8(5);
    const long n = 20000000;
    double best = 1e30;
    for (int r = 0; r < 5; r++) {
        const double t0 = now();
        for (long i = 0; i < n; i++) {
#define D(k) __asm__ volatile("vpdpbusd %1,%2,%0" : "+v"(k) : "v"(b), "v"(c));
            D(a0) D(a1) D(a2) D(a3) D(a4) D(a5) D(a6) D(a7) D(a8) D(a9) D(a10) D(a11)
#undef D
        }
        const double t = now() - t0;
        if (t < best) best = t;
    }
    volatile int sink = _mm512_reduce_add_epi32(_mm512_add_epi32(
        _mm512_add_epi32(_mm512_add_epi32(a0, a1), _mm512_add_epi32(a2, a3)),
        _mm512_add_epi32(_mm512_add_epi32(_mm512_add_epi32(a4, a5), _mm512_add_epi32(a6, a7)),
                         _mm512_add_epi32(_mm512_add_epi32(a8, a9), _mm512_add_epi32(a10, a11)))));
    (void)sink;
    return 12.0 * (double)n / best / 1e9 / ghz;
}
#endif

/* ---- arguments -------------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    int32_t type;
} type_name;
static const type_name all_types[] = {{"f32", FC_TYPE_F32},   {"f16", FC_TYPE_F16},   {"bf16", FC_TYPE_BF16},
                                      {"q4_0", FC_TYPE_Q4_0}, {"q4_1", FC_TYPE_Q4_1}, {"q5_0", FC_TYPE_Q5_0},
                                      {"q5_1", FC_TYPE_Q5_1}, {"q8_0", FC_TYPE_Q8_0}, {"q4_k", FC_TYPE_Q4_K},
                                      {"q5_k", FC_TYPE_Q5_K}, {"q6_k", FC_TYPE_Q6_K}};

static const char *type_label(int32_t type) {
    for (size_t i = 0; i < sizeof all_types / sizeof all_types[0]; i++)
        if (all_types[i].type == type) return all_types[i].name;
    return "?";
}

/* ---- measurement ------------------------------------------------------------------------------ */

typedef struct {
    double best, median;
} timing;

/* Seconds per call: calls repeated for >= min_time (and >= 3 times), cycling through `copies` weights. */
static fc_status run_matmul(fc_threadpool *pool, int32_t type, int repacked, const char *w, int64_t n, int64_t k,
                            const float *x, int64_t m, float *y) {
    return repacked ? fc_matmul_repacked(pool, type, w, n, k, x, m, y) : fc_matmul(pool, type, w, n, k, x, m, y);
}

static timing time_matmul(fc_threadpool *pool, int32_t type, int repacked, char *w, size_t w_bytes, int copies,
                          int64_t n, int64_t k, const float *x, int64_t m, float *y, double min_time) {
    double samples[4096];
    int count = 0;
    run_matmul(pool, type, repacked, w, n, k, x, m, y); /* warm-up: page faults, thread wake-up */
    const double start = now();
    int c = copies > 1 ? 1 : 0; /* never the warm-up copy: each call must read its weights from DRAM */
    while (count < 4096 && (count < 3 || now() - start < min_time)) {
        const double t0 = now();
        run_matmul(pool, type, repacked, w + (size_t)c * w_bytes, n, k, x, m, y);
        samples[count++] = now() - t0;
        c = copies > 1 ? 1 + c % (copies - 1) : 0;
    }
    qsort(samples, (size_t)count, sizeof(double), cmp_double);
    return (timing){samples[0], samples[count / 2]};
}

int main(int argc, char **argv) {
    int64_t shapes[16][2] = {{2048, 2048}, {5632, 2048}, {2048, 5632}, {4096, 4096}};
    int n_shapes = 4;
    int64_t batches[16] = {1, 8, 64, 512};
    int n_batches = 4;
    int64_t threads_list[8] = {1, 2};
    int n_threads = 2;
    int32_t types[16] = {FC_TYPE_Q4_0, FC_TYPE_Q8_0, FC_TYPE_F16};
    int n_types = 3;
    int64_t levels[4] = {fc_kernel_level_max()};
    int n_levels = 1;
    int novnni = 0, probe = 1, repack = 0;
    double min_time = 0.3;

    for (int a = 1; a < argc; a++) {
        const char *v = a + 1 < argc ? argv[a + 1] : "";
        if (!strcmp(argv[a], "--types")) {
            n_types = 0;
            for (const char *s = v; *s && n_types < 16;) {
                size_t len = strcspn(s, ",");
                for (size_t i = 0; i < sizeof all_types / sizeof all_types[0]; i++)
                    if (strlen(all_types[i].name) == len && !strncmp(all_types[i].name, s, len)) types[n_types++] = all_types[i].type;
                s += len + (s[len] == ',');
            }
            a++;
        } else if (!strcmp(argv[a], "--shapes")) {
            n_shapes = 0;
            for (const char *s = v; *s && n_shapes < 16;) {
                shapes[n_shapes][0] = strtoll(s, (char **)&s, 10);
                if (*s == 'x') s++;
                shapes[n_shapes++][1] = strtoll(s, (char **)&s, 10);
                if (*s == ',') s++;
            }
            a++;
        } else if (!strcmp(argv[a], "--batch")) {
            n_batches = parse_list(v, batches, 16), a++;
        } else if (!strcmp(argv[a], "--threads")) {
            n_threads = parse_list(v, threads_list, 8), a++;
        } else if (!strcmp(argv[a], "--levels")) {
            if (!strcmp(v, "all")) {
                n_levels = 0;
                for (int l = 0; l <= fc_kernel_level_max(); l++) levels[n_levels++] = l;
            } else if (strcmp(v, "max") != 0) {
                n_levels = parse_list(v, levels, 4);
            }
            a++;
        } else if (!strcmp(argv[a], "--novnni")) {
            novnni = 1;
        } else if (!strcmp(argv[a], "--panel-min-rows")) { /* moves the quantized dot/panel crossover */
            fc_matmul_panel_min_rows = atoi(v), a++;
        } else if (!strcmp(argv[a], "--repacked")) {
            repack = 1;
        } else if (!strcmp(argv[a], "--no-probe")) {
            probe = 0;
        } else if (!strcmp(argv[a], "--min-time")) {
            min_time = atof(v), a++;
        } else {
            fprintf(stderr, "unknown argument %s (see the comment at the top of fc_bench_matmul.c)\n", argv[a]);
            return 2;
        }
    }

    fc_threadpool *pools[8] = {0};
    for (int t = 0; t < n_threads; t++) pools[t] = fc_threadpool_create((int32_t)threads_list[t]);

    double bw[8] = {0}, ghz[8] = {0}, vnni_rate = 0;
    printf("# fc_matmul benchmark\n\n%s\n\n", fc_build_info());
    if (probe) {
        for (int t = 0; t < n_threads; t++) ghz[t] = measure_ghz(pools[t], (int)threads_list[t]);
#if defined(__x86_64__)
        if (fc_cpu_features() & (1ull << FC_CPU_AVX512_VNNI)) vnni_rate = measure_vnni_per_cycle(ghz[0]);
#endif
        printf("vpdpbusd zmm per cycle per core: %.2f (12 independent chains, one thread)\n", vnni_rate);
        for (int t = 0; t < n_threads; t++) {
            double sorted[7];
            measure_bandwidth(pools[t], (int)threads_list[t], 7, sorted);
            bw[t] = sorted[3];
            printf("%lld thread(s): clock %.2f GHz (dependent adds on every thread); read bandwidth median %.1f GB/s "
                   "(7 passes over 1 GiB: %.1f..%.1f); int8 peak %.2f x 64 MAC x 2 op x %.2f GHz x %lld = %.0f GOP/s\n",
                   (long long)threads_list[t], ghz[t], bw[t], sorted[0], sorted[6], vnni_rate, ghz[t],
                   (long long)threads_list[t], vnni_rate * 128 * ghz[t] * (double)threads_list[t]);
        }
        printf("\n");
    }

    printf("| type | path | threads | n x k | batch | best ms | median ms | weights GB/s | probe GB/s | %% of probe | GOP/s | %% of int8 peak |\n");
    printf("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    fflush(stdout);

    for (int ti = 0; ti < n_types; ti++) {
        const int32_t type = types[ti];
        for (int si = 0; si < n_shapes; si++) {
            const int64_t n = shapes[si][0], k = shapes[si][1];
            const size_t w_bytes = (size_t)fc_type_row_bytes(type, k) * (size_t)n;
            int copies = (int)(((size_t)512 << 20) / w_bytes) + 1;
            int64_t max_m = 1;
            for (int b = 0; b < n_batches; b++) max_m = batches[b] > max_m ? batches[b] : max_m;
            char *w = malloc(w_bytes * (size_t)copies);
            float *x = malloc(sizeof(float) * (size_t)(max_m * k));
            float *y = malloc(sizeof(float) * (size_t)(max_m * n));
            float *row = malloc(sizeof(float) * (size_t)k);
            if (!w || !x || !y || !row) {
                fprintf(stderr, "out of memory for %lldx%lld\n", (long long)n, (long long)k);
                return 1;
            }
            uint64_t s = 12345;
            for (int64_t j = 0; j < n; j++) {
                for (int64_t i = 0; i < k; i++) {
                    s = s * 6364136223846793005ull + 1442695040888963407ull;
                    row[i] = (float)((double)(s >> 40) / 16777216.0 * 2 - 1);
                }
                fc_quantize(type, row, w + (size_t)j * (w_bytes / (size_t)n), k);
            }
            for (int c = 1; c < copies; c++) memcpy(w + (size_t)c * w_bytes, w, w_bytes);
            /* repacked: every copy is replaced by its repacked form (as large, for n a multiple of 16) */
            const int repacked = repack && fc_repack_supported(type) && fc_repack_bytes(type, n, k) == (int64_t)w_bytes;
            if (repacked) {
                char *packed = malloc(w_bytes);
                if (!packed || fc_repack(pools[0], type, w, n, k, packed, (int64_t)w_bytes) != FC_OK) {
                    fprintf(stderr, "cannot repack %lldx%lld\n", (long long)n, (long long)k);
                    return 1;
                }
                for (int c = 0; c < copies; c++) memcpy(w + (size_t)c * w_bytes, packed, w_bytes);
                free(packed);
            }
            for (int64_t i = 0; i < max_m * k; i++) x[i] = (float)((i * 7919) % 2001) / 1000.0f - 1.0f;

            for (int li = 0; li < n_levels; li++) {
                if (fc_set_kernel_level((int32_t)levels[li]) != FC_OK) continue;
                for (int vn = 0; vn <= (novnni && levels[li] == FC_LEVEL_AVX512); vn++) {
                    fc_matmul_set_vnni(vn == 0);
                    char path[64];
                    snprintf(path, sizeof path, "%s%s", repacked ? "repacked " : "", fc_matmul_path(type));
                    for (int b = 0; b < n_batches; b++) {
                        const int64_t m = batches[b];
                        for (int t = 0; t < n_threads; t++) {
                            /* memory bandwidth drifts on a shared host: probe it right before each matvec */
                            double probe_bw = 0;
                            if (m == 1 && probe) {
                                double sorted[5];
                                measure_bandwidth(pools[t], (int)threads_list[t], 5, sorted);
                                probe_bw = sorted[2];
                            }
                            const timing tm = time_matmul(pools[t], type, repacked, w, w_bytes, m == 1 ? copies : 1, n, k, x, m, y, min_time);
                            /* rates from the median: the best call of a noisy machine flatters */
                            const double gbs = (double)w_bytes / tm.median / 1e9;
                            const double gops = 2.0 * (double)m * (double)n * (double)k / tm.median / 1e9;
                            const double peak = vnni_rate * 128 * ghz[t] * (double)threads_list[t];
                            char bwp[32] = "", bwv[32] = "", pkp[32] = "";
                            if (probe_bw > 0) {
                                snprintf(bwv, sizeof bwv, "%.1f", probe_bw);
                                snprintf(bwp, sizeof bwp, "%.0f%%", 100 * gbs / probe_bw);
                            }
                            if (peak > 0 && type != FC_TYPE_F32 && type != FC_TYPE_F16 && type != FC_TYPE_BF16 && m > 1)
                                snprintf(pkp, sizeof pkp, "%.0f%%", 100 * gops / peak);
                            printf("| %s | %s | %lld | %lldx%lld | %lld | %.3f | %.3f | %.1f | %s | %s | %.1f | %s |\n",
                                   type_label(type), path, (long long)threads_list[t], (long long)n, (long long)k,
                                   (long long)m, tm.best * 1e3, tm.median * 1e3, gbs, bwv, bwp, gops, pkp);
                            fflush(stdout);
                        }
                    }
                }
            }
            fc_matmul_set_vnni(1);
            fc_set_kernel_level(fc_kernel_level_max());
            free(w);
            free(x);
            free(y);
            free(row);
        }
    }
    for (int t = 0; t < n_threads; t++) fc_threadpool_free(pools[t]);
    return 0;
}

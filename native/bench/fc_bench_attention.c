/*
 * fc_attention benchmark: measured clock, fp32 FMA rate and read bandwidth first, then decode (one query per
 * sequence against a long cache) and prefill timings, printed as a markdown table.
 *
 *   fc_bench_attention [--cases gqa,mha,prefill,...] [--types f16,f32,q8_0] [--caches 512,4096,16384]
 *                      [--threads 1,2] [--levels max|all|0,1,2] [--min-time 0.3] [--no-probe] [--hot] [--huge]
 *                      [--f32-scores]
 *
 * Shapes are TinyLlama's attention (32 query heads sharing 4 KV heads, head_dim 64: "gqa"), Llama-3-8B's
 * and Mistral-7B's (32 heads sharing 8 KV heads, head_dim 128: "gqa4") and a multi-head one (32/32 heads,
 * head_dim 128: "mha"; "prefill" is TinyLlama's shape, "prefill-gqa4" and "prefill-mha" the others). Decode runs one
 * query at the last position of an
 * n_kv cache; it cycles through copies of the K/V cache totalling >= 256 MiB (8x the 32 MiB L3), so every
 * call reads K and V from DRAM as a real decode step does (the one query is reused). Prefill runs n_kv
 * causal queries over a fresh cache of the same length and reuses one copy (it is compute-bound).
 * --hot makes decode reuse one copy too (from L2/L3 when it fits: the kernels' compute speed alone).
 * --huge asks for transparent huge pages for the K/V copies (default: 4 KiB pages, as a plain allocation
 * gets when THP is in "madvise" mode).
 * --f32-scores turns off the int8 (VNNI) scores of GQA decode over a Q8_0 cache, for an A/B of the two.
 *
 * Columns: "KV GB/s" is K+V bytes read per call / median time; "% of probe" compares it with a streaming
 * read of a 1 GiB buffer on the same threads, run right before each decode row (the host's bandwidth
 * drifts). GFLOP/s counts 4 flops per (query head, visible position, head_dim element): a multiply-add
 * for q.k and one for p*v. "% of FMA peak" divides by the level's flops per cycle x GHz x threads, where
 * GHz comes from a chain of dependent 1-cycle integer adds run on every thread at once (the clock the cores
 * actually run at, turbo included) and flops per cycle from 12 independent chains of FMAs of the level's
 * width (ymm for AVX2, zmm for AVX-512; x 8 or 16 lanes x 2) on one thread. Rates come from the median
 * time; the best time is printed too.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__linux__)
#  include <sys/mman.h>
#endif

#include "fastchat.h"
#include "fc_bench_common.h"
#include "attention/fc_attention_kernels.h"
#include "fc_parallel.h"

#if defined(__x86_64__)
#  include <immintrin.h>
#endif

/* Median GB/s of `reps` (<= 16) reads of a 1 GiB buffer, one contiguous part per thread. */
static double probe_bandwidth(fc_threadpool *pool, int threads, int reps) {
    double sorted[16];
    measure_bandwidth(pool, threads, reps, sorted);
    return sorted[reps / 2];
}

/* FMAs per cycle on one core at one vector width, from 12 independent accumulator chains. */
#if defined(__x86_64__)
#define FMA_CHAIN(x) __asm__ volatile("vfmadd231ps %1,%2,%0" : "+v"(x) : "v"(b), "v"(c));
#define FMA_PROBE(name, isa, vec, set1)                                                                         \
    __attribute__((target(isa))) static double name(double ghz) {                                              \
        /* twelve named accumulators (an array would live in memory across the clock calls) */                \
        vec a0 = set1(1.0f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0,   \
            a10 = a0, a11 = a0;                                                                                 \
        const vec b = set1(0.999f), c = set1(1e-3f);                                                            \
        const long n = 20000000;                                                                                \
        double best = 1e30;                                                                                     \
        for (int r = 0; r < 5; r++) {                                                                           \
            const double t0 = now();                                                                            \
            for (long i = 0; i < n; i++) {                                                                      \
                FMA_CHAIN(a0) FMA_CHAIN(a1) FMA_CHAIN(a2) FMA_CHAIN(a3) FMA_CHAIN(a4) FMA_CHAIN(a5)             \
                FMA_CHAIN(a6) FMA_CHAIN(a7) FMA_CHAIN(a8) FMA_CHAIN(a9) FMA_CHAIN(a10) FMA_CHAIN(a11)           \
            }                                                                                                   \
            const double t = now() - t0;                                                                        \
            best = t < best ? t : best;                                                                         \
        }                                                                                                       \
        __asm__ volatile("" : : "v"(a0), "v"(a1), "v"(a2), "v"(a3), "v"(a4), "v"(a5));                          \
        __asm__ volatile("" : : "v"(a6), "v"(a7), "v"(a8), "v"(a9), "v"(a10), "v"(a11));                        \
        return 12.0 * (double)n / best / 1e9 / ghz;                                                             \
    }
FMA_PROBE(measure_zmm_fma_per_cycle, "avx512f", __m512, _mm512_set1_ps)
FMA_PROBE(measure_ymm_fma_per_cycle, "avx2,fma", __m256, _mm256_set1_ps)
#undef FMA_PROBE
#undef FMA_CHAIN
#endif

/* fp32 flops per cycle per core of each kernel level's FMAs: [1] ymm (AVX2), [2] zmm (AVX-512); 0 where
 * the CPU lacks the level (and for scalar code, whose vector width the compiler picks). */
static void measure_flops_per_cycle(double ghz, double flops[3]) {
    flops[0] = flops[1] = flops[2] = 0;
#if defined(__x86_64__)
    const uint64_t f = fc_cpu_features();
    if ((f & (1ull << FC_CPU_AVX2)) && (f & (1ull << FC_CPU_FMA))) flops[1] = 16 * measure_ymm_fma_per_cycle(ghz);
    if (f & (1ull << FC_CPU_AVX512F)) flops[2] = 32 * measure_zmm_fma_per_cycle(ghz);
#endif
    (void)ghz;
}

/* ---- cases ------------------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    int64_t n_heads, n_kv_heads, head_dim;
    int prefill; /* n_q = n_kv from position 0; otherwise one query at position n_kv - 1 */
} bench_case;

static const bench_case all_cases[] = {
    {"gqa", 32, 4, 64, 0},
    {"gqa4", 32, 8, 128, 0},
    {"mha", 32, 32, 128, 0},
    {"prefill", 32, 4, 64, 1},
    {"prefill-gqa4", 32, 8, 128, 1},
    {"prefill-mha", 32, 32, 128, 1},
};

typedef struct {
    const char *name;
    int32_t type;
} type_name;
static const type_name all_types[] = {{"f16", FC_TYPE_F16}, {"f32", FC_TYPE_F32}, {"q8_0", FC_TYPE_Q8_0}};

static const char *type_label(int32_t type) {
    for (size_t i = 0; i < sizeof all_types / sizeof all_types[0]; i++)
        if (all_types[i].type == type) return all_types[i].name;
    return "?";
}

/* Fills n elements of `type` with uniform values in [-1, 1). */
static void fill_cache(int32_t type, void *dst, int64_t n, uint64_t seed) {
    float *x = malloc((size_t)n * sizeof(float));
    for (int64_t i = 0; i < n; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        x[i] = (float)((double)(seed >> 40) / 16777216.0 * 2 - 1);
    }
    fc_quantize(type, x, dst, n);
    free(x);
}

/* The K/V copies: 2 MiB aligned, and backed by transparent huge pages with --huge (where the kernel does it). */
static char *alloc_kv(size_t bytes, int huge) {
    const size_t align = (size_t)2 << 20;
    char *p = aligned_alloc(align, (bytes + align - 1) / align * align);
#if defined(__linux__)
    if (p && huge) madvise(p, bytes, MADV_HUGEPAGE);
#else
    (void)huge;
#endif
    return p;
}

typedef struct {
    double best, median;
} timing;

/* Seconds per call: repeated for >= min_time (and >= 5 times), cycling through `copies` K/V caches (each
 * copy is K then V, `copy_bytes` apart) and never reusing the copy of the previous call. */
static timing time_attention(fc_threadpool *pool, const bench_case *bc, int32_t type, char *kv, size_t copy_bytes,
                             int copies, const float *q, float *out, int64_t n_q, int64_t n_kv, double min_time) {
    static double samples[1 << 16];
    const int max_samples = 1 << 16;
    fc_attention_seq seq = {q, kv, kv + copy_bytes / 2, out, n_q, n_kv, n_kv - n_q};
    const float scale = 1.0f / sqrtf((float)bc->head_dim);
    fc_attention(pool, type, bc->n_heads, bc->n_kv_heads, bc->head_dim, scale, &seq, 1); /* warm-up */
    int count = 0, c = copies > 1 ? 1 : 0;
    const double start = now();
    while (count < max_samples && (count < 5 || now() - start < min_time)) {
        seq.k = kv + (size_t)c * copy_bytes;
        seq.v = (const char *)seq.k + copy_bytes / 2;
        const double t0 = now();
        fc_attention(pool, type, bc->n_heads, bc->n_kv_heads, bc->head_dim, scale, &seq, 1);
        samples[count++] = now() - t0;
        c = copies > 1 ? (c + 1) % copies : 0;
    }
    qsort(samples, (size_t)count, sizeof(double), cmp_double);
    return (timing){samples[0], samples[count / 2]};
}

/* What every measurement shares: pools, levels and the machine probes. */
typedef struct {
    fc_threadpool *pools[8];
    int64_t threads[8], levels[4];
    int n_threads, n_levels, probe, hot, huge;
    double ghz[8], flops_per_cycle[3], min_time;
} bench_setup;

/* One table row per level and thread count for a case, kv type and cache length. */
static int bench_one(const bench_setup *b, const bench_case *bc, int32_t type, int64_t n_kv) {
    const int64_t n_q = bc->prefill ? n_kv : 1, q_elems = n_q * bc->n_heads * bc->head_dim;
    const int64_t kv_elems = n_kv * bc->n_kv_heads * bc->head_dim;
    const size_t half = (size_t)fc_type_row_bytes(type, bc->head_dim) * (size_t)(n_kv * bc->n_kv_heads);
    const size_t copy_bytes = 2 * half;
    const int copies = bc->prefill || b->hot ? 1 : (int)(((size_t)256 << 20) / copy_bytes) + 2;
    char *kv = alloc_kv(copy_bytes * (size_t)copies, b->huge);
    float *q = malloc(sizeof(float) * (size_t)q_elems), *out = malloc(sizeof(float) * (size_t)q_elems);
    if (!kv || !q || !out) {
        fprintf(stderr, "out of memory for %s %lld\n", bc->name, (long long)n_kv);
        return 1;
    }
    fill_cache(type, kv, kv_elems, 1);
    fill_cache(type, kv + half, kv_elems, 2);
    for (int c = 1; c < copies; c++) memcpy(kv + (size_t)c * copy_bytes, kv, copy_bytes);
    for (int64_t i = 0; i < q_elems; i++) q[i] = (float)((i * 7919) % 2001) / 1000.0f - 1.0f;
    /* query heads x visible positions x head_dim x 4 flops (causal prefill: n(n+1)/2 positions) */
    const double positions = bc->prefill ? (double)n_kv * (double)(n_kv + 1) / 2 : (double)n_kv;
    const double flops = 4.0 * (double)bc->n_heads * positions * (double)bc->head_dim;

    for (int li = 0; li < b->n_levels; li++) {
        if (fc_set_kernel_level((int32_t)b->levels[li]) != FC_OK) continue;
        for (int t = 0; t < b->n_threads; t++) {
            const int threads = (int)b->threads[t];
            const double probe_bw = b->probe && copies > 1 ? probe_bandwidth(b->pools[t], threads, 5) : 0;
            const timing tm =
                time_attention(b->pools[t], bc, type, kv, copy_bytes, copies, q, out, n_q, n_kv, b->min_time);
            const double gbs = (double)copy_bytes / tm.median / 1e9, gflops = flops / tm.median / 1e9;
            const double peak = b->flops_per_cycle[b->levels[li]] * b->ghz[t] * threads;
            char kvs[32] = "", bwv[32] = "", bwp[32] = "", pkp[32] = "";
            if (!bc->prefill) snprintf(kvs, sizeof kvs, "%.1f", gbs); /* prefill is not about bandwidth */
            if (probe_bw > 0) {
                snprintf(bwv, sizeof bwv, "%.1f", probe_bw);
                snprintf(bwp, sizeof bwp, "%.0f%%", 100 * gbs / probe_bw);
            }
            if (peak > 0) snprintf(pkp, sizeof pkp, "%.0f%%", 100 * gflops / peak);
            printf("| %s | %s | %lld | %d | %lld | %lld | %.1f | %.1f | %s | %s | %s | %.1f | %s |\n", bc->name,
                   type_label(type), (long long)b->levels[li], threads, (long long)n_q, (long long)n_kv,
                   tm.best * 1e6, tm.median * 1e6, kvs, bwv, bwp, gflops, pkp);
            fflush(stdout);
        }
    }
    fc_set_kernel_level(fc_kernel_level_max());
    free(kv);
    free(q);
    free(out);
    return 0;
}

/* Whether the comma-separated list holds `name` as a whole item. */
static int in_list(const char *list, const char *name) {
    const size_t len = strlen(name);
    for (const char *p = list; *p; p++)
        if ((p == list || p[-1] == ',') && !strncmp(p, name, len) && (p[len] == ',' || p[len] == '\0')) return 1;
    return 0;
}

int main(int argc, char **argv) {
    enum { N_CASES = sizeof all_cases / sizeof all_cases[0] };
    int use_case[N_CASES] = {1, 1, 1, 1};
    int32_t types[3] = {FC_TYPE_F16, FC_TYPE_F32, FC_TYPE_Q8_0};
    int n_types = 3;
    int64_t caches[8] = {512, 4096, 16384};
    int n_caches = 3;
    bench_setup b = {.threads = {1, 2}, .n_threads = 2, .levels = {fc_kernel_level_max()}, .n_levels = 1,
                     .probe = 1, .min_time = 0.3};

    for (int a = 1; a < argc; a++) {
        const char *v = a + 1 < argc ? argv[a + 1] : "";
        if (!strcmp(argv[a], "--cases")) {
            for (int i = 0; i < N_CASES; i++) use_case[i] = in_list(v, all_cases[i].name);
            a++;
        } else if (!strcmp(argv[a], "--types")) {
            n_types = 0;
            for (size_t i = 0; i < 3; i++)
                if (strstr(v, all_types[i].name)) types[n_types++] = all_types[i].type;
            a++;
        } else if (!strcmp(argv[a], "--caches")) {
            n_caches = parse_list(v, caches, 8), a++;
        } else if (!strcmp(argv[a], "--threads")) {
            b.n_threads = parse_list(v, b.threads, 8), a++;
        } else if (!strcmp(argv[a], "--levels")) {
            if (!strcmp(v, "all")) {
                b.n_levels = 0;
                for (int l = 0; l <= fc_kernel_level_max(); l++) b.levels[b.n_levels++] = l;
            } else if (strcmp(v, "max") != 0) {
                b.n_levels = parse_list(v, b.levels, 4);
            }
            a++;
        } else if (!strcmp(argv[a], "--min-time")) {
            b.min_time = atof(v), a++;
        } else if (!strcmp(argv[a], "--no-probe")) {
            b.probe = 0;
        } else if (!strcmp(argv[a], "--hot")) {
            b.hot = 1;
        } else if (!strcmp(argv[a], "--huge")) {
            b.huge = 1;
        } else if (!strcmp(argv[a], "--f32-scores")) {
            fc_attention_set_int8_scores(0);
        } else {
            fprintf(stderr, "unknown argument %s (see the comment at the top of fc_bench_attention.c)\n", argv[a]);
            return 2;
        }
    }

    for (int t = 0; t < b.n_threads; t++) b.pools[t] = fc_threadpool_create((int32_t)b.threads[t]);
    printf("# fc_attention benchmark\n\n%s\nQ8_0 GQA decode scores: %s\n\n", fc_build_info(),
           fc_attention_int8_scores_active() ? "int8 (VNNI)" : "f32");
    if (b.probe) {
        for (int t = 0; t < b.n_threads; t++) b.ghz[t] = measure_ghz(b.pools[t], (int)b.threads[t]);
        measure_flops_per_cycle(b.ghz[0], b.flops_per_cycle);
        printf("fp32 FMA flops per cycle per core (12 independent chains, one thread): AVX2 ymm %.1f, AVX-512 zmm "
               "%.1f\n", b.flops_per_cycle[1], b.flops_per_cycle[2]);
        for (int t = 0; t < b.n_threads; t++)
            printf("%lld thread(s): clock %.2f GHz (dependent adds on every thread); read bandwidth %.1f GB/s "
                   "(median of 7 passes over 1 GiB); fp32 FMA peak (flops per cycle x GHz x threads) %.0f (AVX2) / "
                   "%.0f (AVX-512) GFLOP/s\n",
                   (long long)b.threads[t], b.ghz[t], probe_bandwidth(b.pools[t], (int)b.threads[t], 7),
                   b.flops_per_cycle[1] * b.ghz[t] * (double)b.threads[t],
                   b.flops_per_cycle[2] * b.ghz[t] * (double)b.threads[t]);
        printf("\n");
    }

    printf("| case | kv | level | threads | n_q | n_kv | best us | median us | KV GB/s | probe GB/s | %% of probe "
           "| GFLOP/s | %% of FMA peak |\n");
    printf("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    fflush(stdout);
    for (int ci = 0; ci < N_CASES; ci++) {
        if (!use_case[ci]) continue;
        for (int ti = 0; ti < n_types; ti++)
            for (int ni = 0; ni < n_caches; ni++) {
                if (all_cases[ci].prefill && caches[ni] != 512) continue; /* prefill is measured at 512 */
                if (bench_one(&b, &all_cases[ci], types[ti], caches[ni])) return 1;
            }
    }
    for (int t = 0; t < b.n_threads; t++) fc_threadpool_free(b.pools[t]);
    free(bw_buf);
    return 0;
}

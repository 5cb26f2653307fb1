/*
 * fc_matmul: validation, kernel selection per level, activation quantization (once per call) and the
 * split of the output over the thread pool.
 *
 * Small batches (m < fc_matmul_panel_min_rows) run dot kernels: tasks are chunks of weight rows, each row
 * read from memory once and kept in L1 while the m activation rows use it, so m = 1 streams the weights at
 * memory bandwidth. Where a level has no float panels (AVX2), float weights with m >= 4 use 4 x 4 dot tiles.
 *
 * Larger batches run panel kernels: 32 weight rows are unpacked into a "panel" (fc_vec_dot.h) and 4 x 32
 * register tiles run over k-slices of ~32 KiB of it, so the slice stays in L1 while every group of 4
 * activation rows passes over it.
 *   - A batch that fits one activation chunk (up to 64 rows: decode of many sequences, short prompts) packs
 *     each k-slice into the thread's L1 buffer right before using it: the weights are read once and no
 *     packed copy goes to memory.
 *   - Longer batches pack one slab of panels (~16 MiB) at a time, in parallel, then run tasks of (chunk of
 *     activation rows small enough to stay in L2) x (group of panels), so the packing is paid once per call,
 *     not once per chunk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fc_dispatch.h"
#include "fc_internal.h"
#include "fc_parallel.h"
#include "fc_block_decode.h"
#include "fc_profile.h"
#include "fc_scratch.h"

/* Quantized crossover, measured on Zen 5 (fc_bench_matmul --panel-min-rows, 5632x2048 and 2048x2048, Q4_0 and
 * Q8_0, 1 thread): dot kernels cost ~0.17 ms per row of 5632 x 2048, a fused panel ~0.24 ms of packing plus
 * ~0.14 ms per 4 rows, so dot wins at 1 row, ties at 2 (0.35 vs 0.38 ms) and loses from 3 rows on. */
int fc_matmul_panel_min_rows = 3;
int fc_matmul_float_panel_min_rows = 20; /* measured crossover with the dot4 tiles: 16-24 rows */
static int vnni_enabled = 1;

void fc_matmul_set_vnni(int enabled) { vnni_enabled = enabled != 0; }
int fc_matmul_vnni_active(void) { return vnni_enabled && fc_has_avx512_vnni(); }

enum {
    SLAB_BYTES = 16 << 20,     /* packed panels per slab */
    ACT_CHUNK_BYTES = 256 << 10, /* activation rows per task: a quarter of a 1 MiB L2 */
    PANEL_SLICE_BYTES = 32 << 10 /* panel bytes per k-slice: L1 */
};

/* The kernels the current level uses for `type`: each level overrides what it implements. A panel (pack +
 * tile) always comes from one level, since its layout is that level's. Returns 0 for a type without kernels. */
static int select_kernels(int32_t type, fc_mm_kernels *k, const char **dot_path, const char **tile_path) {
    memset(k, 0, sizeof *k);
    fc_mm_kernels_scalar(type, k);
    if (!k->dot) return 0;
    *dot_path = k->path;
    *tile_path = NULL;
    const int level = fc_current_level();
    for (int l = FC_LEVEL_AVX2; l <= level; l++) {
        fc_mm_kernels lk;
        memset(&lk, 0, sizeof lk);
        if (l == FC_LEVEL_AVX2) fc_mm_kernels_avx2(type, &lk);
        else fc_mm_kernels_avx512(type, vnni_enabled && fc_has_avx512_vnni(), &lk);
        if (lk.quant) k->quant = lk.quant;
        if (lk.dot) {
            k->dot = lk.dot;
            k->dot4 = lk.dot4;
            *dot_path = lk.path;
        }
        if (lk.pack && lk.tile) {
            k->pack = lk.pack;
            k->tile = lk.tile;
            k->format = lk.format;
            k->panel_block_bytes = lk.panel_block_bytes;
            k->block = lk.block;
            k->block_align = lk.block_align;
            *tile_path = lk.path;
        }
    }
    return 1;
}

fc_act_quant_fn fc_mm_act_quantizer(int32_t type) {
    fc_mm_kernels k;
    const char *dot_path, *tile_path;
    return select_kernels(type, &k, &dot_path, &tile_path) ? k.quant : NULL;
}

const char *fc_matmul_path(int32_t type) {
    fc_mm_kernels k;
    const char *dot_path, *tile_path;
    if (!select_kernels(type, &k, &dot_path, &tile_path)) return NULL;
    if (!tile_path || strcmp(tile_path, dot_path) == 0) return dot_path;
    /* Mixed levels: say which part runs what. */
    static _Thread_local char mixed[96];
    snprintf(mixed, sizeof mixed, "matvec:%s,matmul:%s", dot_path, tile_path);
    return mixed;
}

typedef struct {
    const fc_mm_kernels *kern;
    const char *w;
    size_t row_bytes;
    int64_t n, k, m;
    const float *x;
    float *y;
    /* quantized activations (NULL for float types: rows of x are used directly) */
    char *act;
    size_t act_bytes;
    int act_group;
    /* dot path */
    int64_t rows_per_task;
    /* panel path: the current slab is panels [p0, p0 + slab_panels); fused: packed per k-slice instead */
    int64_t nb, kc_blocks, p0, slab_panels, group_panels, n_groups, m_chunk;
    int fused;
    size_t panel_bytes, tile_bytes;
    char *panels; /* slab_panels packed panels, or (fused) one k-slice of a panel per thread */
    char *tiles;  /* one c tile (m_chunk x 32 floats) per thread */
} mm_ctx;

static inline const void *act_row(const mm_ctx *c, int64_t i) {
    return c->act ? (const void *)(c->act + (size_t)i * c->act_bytes) : (const void *)(c->x + i * c->k);
}

static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

static void quantize_task(void *vctx, int64_t i, int32_t thread) {
    (void)thread;
    mm_ctx *c = vctx;
    char *row = c->act + (size_t)i * c->act_bytes;
    if (c->kern->quant) {
        c->kern->quant(c->x + i * c->k, c->k, c->act_group, row);
    } else { /* float rows padded with zeros to whole panel blocks */
        memcpy(row, c->x + i * c->k, (size_t)c->k * sizeof(float));
        memset(row + (size_t)c->k * sizeof(float), 0, c->act_bytes - (size_t)c->k * sizeof(float));
    }
}

static void dot_task(void *vctx, int64_t task, int32_t thread) {
    (void)thread;
    const mm_ctx *c = vctx;
    const int64_t j0 = task * c->rows_per_task;
    const int64_t j1 = min64(j0 + c->rows_per_task, c->n);
    const fc_dot_fn dot = c->kern->dot;
    int64_t j = j0;
    if (c->kern->dot4 && c->m >= 4) {
        /* float weights: 4 x 4 register tiles; leftover rows and columns below */
        const int64_t m4 = c->m / 4 * 4;
        for (; j + 4 <= j1; j += 4) {
            const void *wr = c->w + (size_t)j * c->row_bytes;
            for (int64_t i = 0; i < m4; i += 4) {
                const float *xs[4] = {c->x + i * c->k, c->x + (i + 1) * c->k, c->x + (i + 2) * c->k, c->x + (i + 3) * c->k};
                float out[16];
                c->kern->dot4(c->k, wr, c->row_bytes, xs, out);
                for (int r = 0; r < 4; r++) memcpy(c->y + (i + r) * c->n + j, out + 4 * r, 4 * sizeof(float));
            }
            for (int64_t i = m4; i < c->m; i++)
                for (int64_t jj = j; jj < j + 4; jj++)
                    c->y[i * c->n + jj] = dot(c->k, c->w + (size_t)jj * c->row_bytes, act_row(c, i));
        }
    }
    for (; j < j1; j++) {
        const void *wr = c->w + (size_t)j * c->row_bytes;
        for (int64_t i = 0; i < c->m; i++) c->y[i * c->n + j] = dot(c->k, wr, act_row(c, i));
    }
}

static void pack_task(void *vctx, int64_t task, int32_t thread) {
    (void)thread;
    const mm_ctx *c = vctx;
    const int64_t j0 = (c->p0 + task) * FC_PANEL_COLS;
    const int cols = (int)min64(c->n - j0, FC_PANEL_COLS);
    c->kern->pack(c->w + (size_t)j0 * c->row_bytes, c->row_bytes, cols, 0, c->nb, c->panels + (size_t)task * c->panel_bytes);
}

/* The register tiles of activation rows [i0, i0 + rows) over blocks [b, b + nb) of the panel of columns
 * [j0, j0 + cols) (`slice` points at block b). Whole row groups of a full panel write y directly; the rest goes
 * to the thread's tile and is copied out by finish_rows once every k-slice is in. */
static void tile_rows(const mm_ctx *c, const char *slice, int64_t b, int64_t nb, int64_t i0, int64_t rows,
                      int64_t j0, int cols, float *tile) {
    const int64_t full_rows = cols == FC_PANEL_COLS ? rows / FC_PANEL_ROWS * FC_PANEL_ROWS : 0;
    const void *xs[FC_PANEL_ROWS];
    fc_tile_args args = {.xs = xs, .k = c->k, .b = b, .nb = nb, .bias = c->kern->format.bias, .accumulate = b > 0};
    for (int64_t r = 0; r < rows; r += FC_PANEL_ROWS) {
        /* a short last group repeats its last row; those results stay in the tile */
        for (int t = 0; t < FC_PANEL_ROWS; t++) xs[t] = act_row(c, i0 + min64(r + t, rows - 1));
        float *dst = r < full_rows ? c->y + (i0 + r) * c->n + j0 : tile + r * FC_PANEL_COLS;
        args.ldc = r < full_rows ? c->n : FC_PANEL_COLS;
        c->kern->tile(slice, &args, dst);
    }
}

static void finish_rows(const mm_ctx *c, int64_t i0, int64_t rows, int64_t j0, int cols, const float *tile) {
    const int64_t full_rows = cols == FC_PANEL_COLS ? rows / FC_PANEL_ROWS * FC_PANEL_ROWS : 0;
    for (int64_t r = full_rows; r < rows; r++)
        memcpy(c->y + (i0 + r) * c->n + j0, tile + r * FC_PANEL_COLS, (size_t)cols * sizeof(float));
}

/* Task = activation chunk (task / n_groups) x panel group (task % n_groups) of the packed slab: threads share
 * a chunk while it is hot and split its panels. */
static void panel_task(void *vctx, int64_t task, int32_t thread) {
    const mm_ctx *c = vctx;
    const int64_t i0 = (task / c->n_groups) * c->m_chunk;
    const int64_t rows = min64(c->m - i0, c->m_chunk);
    const int64_t g0 = (task % c->n_groups) * c->group_panels;
    const int64_t g1 = min64(g0 + c->group_panels, c->slab_panels);
    float *tile = (float *)(c->tiles + (size_t)thread * c->tile_bytes);
    const size_t block_bytes = c->kern->panel_block_bytes;

    for (int64_t p = g0; p < g1; p++) {
        const char *panel = c->panels + (size_t)p * c->panel_bytes;
        const int64_t j0 = (c->p0 + p) * FC_PANEL_COLS;
        const int cols = (int)min64(c->n - j0, FC_PANEL_COLS);
        for (int64_t b = 0; b < c->nb; b += c->kc_blocks)
            tile_rows(c, panel + (size_t)b * block_bytes, b, min64(c->nb - b, c->kc_blocks), i0, rows, j0, cols, tile);
        finish_rows(c, i0, rows, j0, cols, tile);
    }
}

/* Asks for [p, p + bytes) in L2 (prefetcht1): bulk reads that would not fit in L1 next to the working set. */
static void prefetch_l2(const char *p, size_t bytes) {
    for (size_t o = 0; o < bytes; o += 64) __builtin_prefetch(p + o, 0, 2);
}

/* Task = a group of panels for a batch that is one activation chunk: each k-slice of a panel is packed into
 * the thread's L1-sized buffer and used at once, so the weights are read from memory once and no packed
 * copy is ever written back (small batches: decode of several sequences). A panel's 32 weight rows are one
 * contiguous range; the next panel's range is prefetched a part per k-slice, so the packer finds it in L2
 * instead of waiting on 32 scattered row streams. */
static void fused_task(void *vctx, int64_t task, int32_t thread) {
    const mm_ctx *c = vctx;
    const int64_t n_panels = (c->n + FC_PANEL_COLS - 1) / FC_PANEL_COLS;
    const int64_t p0 = task * c->group_panels, p1 = min64(p0 + c->group_panels, n_panels);
    char *slice = c->panels + (size_t)thread * c->panel_bytes; /* panel_bytes: one k-slice here */
    float *tile = (float *)(c->tiles + (size_t)thread * c->tile_bytes);
    const int64_t n_slices = (c->nb + c->kc_blocks - 1) / c->kc_blocks;
    for (int64_t p = p0; p < p1; p++) {
        const int64_t j0 = p * FC_PANEL_COLS;
        const int cols = (int)min64(c->n - j0, FC_PANEL_COLS);
        const size_t next_bytes = p + 1 < p1 ? (size_t)min64(c->n - j0 - FC_PANEL_COLS, FC_PANEL_COLS) * c->row_bytes : 0;
        const size_t part = (next_bytes + (size_t)n_slices - 1) / (size_t)n_slices;
        for (int64_t b = 0, s = 0; b < c->nb; b += c->kc_blocks, s++) {
            const int64_t nb = min64(c->nb - b, c->kc_blocks);
            if (next_bytes > (size_t)s * part)
                prefetch_l2(c->w + (size_t)(j0 + FC_PANEL_COLS) * c->row_bytes + (size_t)s * part,
                            next_bytes - (size_t)s * part < part ? next_bytes - (size_t)s * part : part);
            c->kern->pack(c->w + (size_t)j0 * c->row_bytes, c->row_bytes, cols, b, nb, slice);
            tile_rows(c, slice, b, nb, 0, c->m, j0, cols, tile);
        }
        finish_rows(c, 0, c->m, j0, cols, tile);
    }
}

static inline size_t align64(size_t v) { return (v + 63) & ~(size_t)63; }

static fc_scratch_cache scratch_cache;

char *fc_mm_scratch_take(size_t size) { return fc_scratch_take(&scratch_cache, size); }
void fc_mm_scratch_give(char *p) { fc_scratch_give(&scratch_cache, p); }

/* Plans the panel path: activation chunk, then either fused packing (the batch is one chunk) or slabs of
 * packed panels; panel groups per task; scratch bytes after the activations. */
static size_t plan_panels(mm_ctx *c, int32_t threads) {
    const fc_mm_kernels *kern = c->kern;
    c->nb = (c->k + kern->block - 1) / kern->block;
    c->kc_blocks = (int64_t)(PANEL_SLICE_BYTES / kern->panel_block_bytes);
    if (kern->block_align > 1) c->kc_blocks = c->kc_blocks / kern->block_align * kern->block_align;
    if (c->kc_blocks < (kern->block_align > 1 ? kern->block_align : 1)) c->kc_blocks = kern->block_align > 1 ? kern->block_align : 1;
    const size_t row_bytes = c->act_bytes ? c->act_bytes : (size_t)c->k * sizeof(float);
    int64_t m_chunk = (int64_t)(ACT_CHUNK_BYTES / row_bytes);
    m_chunk = m_chunk < 16 ? 16 : m_chunk > 64 ? 64 : m_chunk;
    m_chunk = min64(m_chunk, (c->m + FC_PANEL_ROWS - 1) / FC_PANEL_ROWS * FC_PANEL_ROWS);
    c->m_chunk = m_chunk / FC_PANEL_ROWS * FC_PANEL_ROWS;
    c->tile_bytes = align64((size_t)c->m_chunk * FC_PANEL_COLS * sizeof(float));
    const int64_t n_panels = (c->n + FC_PANEL_COLS - 1) / FC_PANEL_COLS;
    const int64_t n_chunks = (c->m + c->m_chunk - 1) / c->m_chunk;
    c->fused = n_chunks == 1;
    if (c->fused) {
        /* one k-slice per thread; ~4 runs of whole panels per thread keep long weight streams and balance */
        c->panel_bytes = align64(kern->panel_block_bytes * (size_t)min64(c->kc_blocks, c->nb));
        const int64_t groups = min64(4 * (int64_t)threads, n_panels);
        c->group_panels = (n_panels + groups - 1) / groups;
        return (c->panel_bytes + c->tile_bytes) * (size_t)threads;
    }
    c->panel_bytes = align64(kern->panel_block_bytes * (size_t)c->nb);
    c->slab_panels = min64(n_panels, (int64_t)(SLAB_BYTES / c->panel_bytes) > 0 ? (int64_t)(SLAB_BYTES / c->panel_bytes) : 1);
    /* ~8 tasks per thread balance uneven progress */
    int64_t groups = (8 * (int64_t)threads + n_chunks - 1) / n_chunks;
    if (groups > c->slab_panels) groups = c->slab_panels;
    c->group_panels = (c->slab_panels + groups - 1) / groups;
    return c->panel_bytes * (size_t)c->slab_panels + c->tile_bytes * (size_t)threads;
}

static void run_panels(mm_ctx *c, fc_threadpool *pool) {
    const int64_t n_panels = (c->n + FC_PANEL_COLS - 1) / FC_PANEL_COLS;
    if (c->fused) {
        fc_parallel_for(pool, (n_panels + c->group_panels - 1) / c->group_panels, fused_task, c);
        return;
    }
    const int64_t slab = c->slab_panels;
    for (c->p0 = 0; c->p0 < n_panels; c->p0 += slab) {
        c->slab_panels = min64(slab, n_panels - c->p0);
        c->n_groups = (c->slab_panels + c->group_panels - 1) / c->group_panels;
        fc_parallel_for(pool, c->slab_panels, pack_task, c);
        const int64_t n_chunks = (c->m + c->m_chunk - 1) / c->m_chunk;
        fc_parallel_for(pool, n_chunks * c->n_groups, panel_task, c);
    }
}

fc_status fc_matmul(fc_threadpool *pool, int32_t type, const void *w, int64_t n, int64_t k, const float *x,
                    int64_t m, float *y) {
    fc_clear_error();
    const uint64_t profile_start = fc_profile_begin();
    fc_mm_kernels kern;
    const char *dot_path, *tile_path;
    if (!select_kernels(type, &kern, &dot_path, &tile_path))
        return fc_set_error(FC_ERR_UNSUPPORTED, "fc_matmul: weight type %d has no matmul kernels", type);
    if (n <= 0 || k <= 0 || m <= 0)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_matmul: n = %lld, k = %lld, m = %lld must all be positive",
                            (long long)n, (long long)k, (long long)m);
    const int64_t block = fc_type_block_size(type);
    if (k % block != 0)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_matmul: k = %lld is not a multiple of %lld, the block size of type %d",
                            (long long)k, (long long)block, type);
    if (!w || !x || !y)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_matmul: %s is NULL", !w ? "w" : !x ? "x" : "y");
    /* every byte count below stays far from overflow */
    if (n > ((int64_t)1 << 40) || k > ((int64_t)1 << 40) || m > ((int64_t)1 << 40) ||
        (double)n * (double)k > 1e15 || (double)m * (double)k > 1e15 || (double)m * (double)n > 1e15)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_matmul: shape %lld x %lld x %lld is too large",
                            (long long)m, (long long)n, (long long)k);

    mm_ctx c;
    memset(&c, 0, sizeof c);
    c.kern = &kern;
    c.w = w;
    c.row_bytes = (size_t)fc_type_row_bytes(type, k);
    c.n = n;
    c.k = k;
    c.m = m;
    c.x = x;
    c.y = y;

    const int32_t threads = fc_parallel_threads(pool);
    const int use_panel = kern.tile && m >= (kern.quant ? fc_matmul_panel_min_rows : fc_matmul_float_panel_min_rows);
    size_t act_total = 0, panel_total = 0;
    if (kern.quant) {
        c.act_bytes = fc_act_row_bytes(k);
        c.act_group = fc_act_group_of(type);
        act_total = align64(c.act_bytes * (size_t)m);
    } else if (use_panel && k % kern.block != 0) {
        c.act_bytes = (size_t)((k + kern.block - 1) / kern.block * kern.block) * sizeof(float);
        act_total = align64(c.act_bytes * (size_t)m);
    }
    if (use_panel) panel_total = plan_panels(&c, threads);

    char *scratch = NULL;
    if (act_total + panel_total > 0) {
        scratch = fc_mm_scratch_take(act_total + panel_total);
        if (!scratch)
            return fc_set_error(FC_ERR_OUT_OF_MEMORY, "fc_matmul: cannot allocate %zu bytes of scratch",
                                act_total + panel_total);
    }
    if (c.act_bytes) {
        c.act = scratch;
        fc_parallel_for(m * k >= 65536 ? pool : NULL, m, quantize_task, &c);
    }
    if (use_panel) {
        c.panels = scratch + act_total;
        c.tiles = c.panels + c.panel_bytes * (size_t)(c.fused ? threads : c.slab_panels);
        run_panels(&c, pool);
    } else {
        /* Long contiguous row runs keep the hardware prefetch streams going (32-row tasks lose ~20% against
         * 256-row ones at m = 1), and about 2 tasks per thread still even out a late thread. */
        const int64_t run = (int64_t)(((size_t)1 << 20) / c.row_bytes);
        int64_t per = n / (4 * (int64_t)threads);
        if (per > (run > 256 ? run : 256)) per = run > 256 ? run : 256;
        if (per < 4) per = 4;
        per = (per + 3) / 4 * 4; /* whole 4-row tiles for dot4 */
        c.rows_per_task = per;
        fc_parallel_for(pool, (n + per - 1) / per, dot_task, &c);
    }
    fc_mm_scratch_give(scratch);
    return fc_profile_end(profile_start);
}

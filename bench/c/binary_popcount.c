/*
 * C reference for the binary tile kernel (BinaryKernelBench's task): an n x n off-diagonal
 * tile of `bits`-bit 0/1 rows, c(i, j) = popcount(A_i AND B_j), exact cosine argmax per row
 * (largest c^2 / max(|B_j|, 1), smallest j on ties). Prints M pairs/s per repetition and the
 * median, for two kernels:
 *
 *   4x4        row-major rows, 4 A x 4 B rows per micro-tile, 16 zmm accumulators, 16
 *              horizontal sums and 16 scalar argmax updates per micro-tile (the usual shape);
 *   8x2t       B packed in panels of 8 rows, word-interleaved (k-major), so one zmm holds word
 *              k of 8 B rows; 8 A words broadcast against 2 B vectors (16 accumulators, 128
 *              pairs), no horizontal sums; an exact integer prefilter per lane (c^2 * bestDen_i
 *              >= bestNum_i * den_j) and the scalar update only for lanes that pass. The same
 *              algorithm as the Java VectorizedBinaryTileScorer.
 *
 * Both are checked against each other (argmax and count of every row) before timing.
 *
 * Build and run (one thread):
 *   gcc -O3 -march=native -mavx512f -mavx512vpopcntdq -o /tmp/binary_popcount bench/c/binary_popcount.c
 *   /tmp/binary_popcount [n=2048] [bits=4096] [reps=7]
 */
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int n, words;
static int64_t *bestNum, *bestDen, *den;
static int *bestJ, *bestC;

static void reset(const uint64_t *b) {
  for (int i = 0; i < n; i++) {
    bestNum[i] = -1;
    bestDen[i] = 1;
    bestJ[i] = -1;
    bestC[i] = -1;
  }
  for (int j = 0; j < n; j++) {
    int64_t s = 0;
    for (int k = 0; k < words; k++) s += __builtin_popcountll(b[(size_t)j * words + k]);
    den[j] = s > 0 ? s : 1;
  }
}

static inline void consider(int i, int j, int64_t c) {
  int64_t num = c * c;
  int64_t lhs = num * bestDen[i], rhs = bestNum[i] * den[j];
  if (lhs > rhs || (lhs == rhs && j < bestJ[i])) {
    bestNum[i] = num;
    bestDen[i] = den[j];
    bestJ[i] = j;
    bestC[i] = (int)c;
  }
}

/* ---- 4x4, row-major, horizontal sums -------------------------------------------------- */
static void kernel4x4(const uint64_t *a, const uint64_t *b) {
  const int blockRows = 512; /* 256 KB of B at 4096 bits */
  for (int jb = 0; jb < n; jb += blockRows) {
    int je = jb + blockRows < n ? jb + blockRows : n;
    for (int i0 = 0; i0 < n; i0 += 4) {
      for (int j0 = jb; j0 < je; j0 += 4) {
        __m512i acc[4][4];
        for (int r = 0; r < 4; r++)
          for (int c = 0; c < 4; c++) acc[r][c] = _mm512_setzero_si512();
        for (int k = 0; k < words; k += 8) {
          __m512i y[4];
          for (int c = 0; c < 4; c++) y[c] = _mm512_loadu_si512(b + (size_t)(j0 + c) * words + k);
          for (int r = 0; r < 4; r++) {
            __m512i x = _mm512_loadu_si512(a + (size_t)(i0 + r) * words + k);
            for (int c = 0; c < 4; c++)
              acc[r][c] = _mm512_add_epi64(acc[r][c], _mm512_popcnt_epi64(_mm512_and_si512(x, y[c])));
          }
        }
        for (int r = 0; r < 4; r++)
          for (int c = 0; c < 4; c++) consider(i0 + r, j0 + c, _mm512_reduce_add_epi64(acc[r][c]));
      }
    }
  }
}

/* ---- 8x2 transposed, no horizontal sums, exact integer prefilter ----------------------- */
static uint64_t *bp; /* packed B: panel p (8 rows), word k, row r at bp[p*8*words + k*8 + r] */

static void pack(const uint64_t *b) {
  for (int p = 0; p < n / 8; p++)
    for (int k = 0; k < words; k++)
      for (int r = 0; r < 8; r++)
        bp[(size_t)p * 8 * words + (size_t)k * 8 + r] = b[(size_t)(8 * p + r) * words + k];
}

static void settle(int i, int j0, __m512i cnt, __mmask8 m) {
  int64_t c[8];
  _mm512_storeu_si512(c, cnt);
  for (; m; m &= m - 1) {
    int l = __builtin_ctz(m);
    consider(i, j0 + l, c[l]);
  }
}

static inline void fold(int i, int j0, __m512i cnt, __m512i d) {
  __m512i lhs = _mm512_mullo_epi64(_mm512_mullo_epi64(cnt, cnt), _mm512_set1_epi64(bestDen[i]));
  __m512i rhs = _mm512_mullo_epi64(d, _mm512_set1_epi64(bestNum[i]));
  __mmask8 m = _mm512_cmpge_epi64_mask(lhs, rhs);
  if (__builtin_expect(m != 0, 0)) settle(i, j0, cnt, m);
}

static void kernel8x2t(const uint64_t *a, const uint64_t *b) {
  pack(b);
  const int blockRows = 512;
  for (int jb = 0; jb < n; jb += blockRows) {
    int je = jb + blockRows < n ? jb + blockRows : n;
    for (int i0 = 0; i0 < n; i0 += 8) {
      const uint64_t *ar = a + (size_t)i0 * words;
      for (int j0 = jb; j0 < je; j0 += 16) {
        const uint64_t *p0 = bp + (size_t)j0 * words, *p1 = p0 + 8 * (size_t)words;
        __m512i acc[8][2];
        for (int r = 0; r < 8; r++) acc[r][0] = acc[r][1] = _mm512_setzero_si512();
        for (int k = 0; k < words; k++) {
          __m512i y0 = _mm512_loadu_si512(p0 + 8 * k), y1 = _mm512_loadu_si512(p1 + 8 * k);
          for (int r = 0; r < 8; r++) {
            __m512i x = _mm512_set1_epi64((long long)ar[(size_t)r * words + k]);
            acc[r][0] = _mm512_add_epi64(acc[r][0], _mm512_popcnt_epi64(_mm512_and_si512(x, y0)));
            acc[r][1] = _mm512_add_epi64(acc[r][1], _mm512_popcnt_epi64(_mm512_and_si512(x, y1)));
          }
        }
        __m512i d0 = _mm512_loadu_si512(den + j0), d1 = _mm512_loadu_si512(den + j0 + 8);
        for (int r = 0; r < 8; r++) {
          fold(i0 + r, j0, acc[r][0], d0);
          fold(i0 + r, j0 + 8, acc[r][1], d1);
        }
      }
    }
  }
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int cmpd(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

static void bench(const char *name, void (*kern)(const uint64_t *, const uint64_t *),
                  const uint64_t *a, const uint64_t *b, int reps) {
  double r[64];
  kern(a, b); /* warm-up */
  for (int t = 0; t < reps; t++) {
    double t0 = now();
    reset(b);
    kern(a, b);
    r[t] = (double)n * n / (now() - t0) / 1e6;
  }
  qsort(r, reps, sizeof r[0], cmpd);
  printf("%-5s n=%d bits=%d: median %.1f M pairs/s (min %.1f, max %.1f, %d reps)\n", name, n,
         words * 64, r[reps / 2], r[0], r[reps - 1], reps);
}

int main(int argc, char **argv) {
  n = argc > 1 ? atoi(argv[1]) : 2048;
  int bits = argc > 2 ? atoi(argv[2]) : 4096;
  int reps = argc > 3 ? atoi(argv[3]) : 7;
  if (n % 16 != 0 || bits % 512 != 0 || reps < 1 || reps > 64) {
    fprintf(stderr, "n must be a multiple of 16, bits of 512, reps in 1..64\n");
    return 2;
  }
  words = bits / 64;
  uint64_t *a = aligned_alloc(64, (size_t)n * words * 8), *b = aligned_alloc(64, (size_t)n * words * 8);
  bp = aligned_alloc(64, (size_t)n * words * 8);
  bestNum = malloc(n * 8); bestDen = malloc(n * 8); den = malloc(n * 8);
  bestJ = malloc(n * 4); bestC = malloc(n * 4);
  uint64_t s = 1;
  for (size_t x = 0; x < (size_t)n * words; x++) { s = s * 6364136223846793005ULL + 1442695040888963407ULL; a[x] = s ^ (s >> 29); }
  for (size_t x = 0; x < (size_t)n * words; x++) { s = s * 6364136223846793005ULL + 1442695040888963407ULL; b[x] = s ^ (s >> 29); }

  int *j1 = malloc(n * 4), *c1 = malloc(n * 4);
  reset(b); kernel4x4(a, b); memcpy(j1, bestJ, n * 4); memcpy(c1, bestC, n * 4);
  reset(b); kernel8x2t(a, b);
  if (memcmp(j1, bestJ, n * 4) || memcmp(c1, bestC, n * 4)) { fprintf(stderr, "MISMATCH\n"); return 1; }

  bench("4x4", kernel4x4, a, b, reps);
  bench("8x2t", kernel8x2t, a, b, reps);
  return 0;
}

/*
 * C reference for the plain pairs job's work on one fp32 NPY: the best cosine pair of n rows,
 * by OpenBLAS sgemm over the upper triangle of 4096-row tiles (the job's grid), each tile in
 * panels of `panel` columns so the scores stay in cache, and an AVX-512 max scan of every
 * panel (ties: smallest i, then j, as the job). Threads take tiles from a shared counter; each
 * sgemm call is single-threaded. Prints the time of each phase and their sum:
 *
 *   read       the NPY file into memory (header parsed, '<f4' C-order only)
 *   normalize  every row to unit length (norms in double)
 *   scan       all tiles: sgemm + max
 *
 * and GFLOP/s counted as the job counts it: 2 d n(n-1)/2.
 *
 * Build and run (OpenBLAS from Debian's package, see bench/peers/fetch.sh):
 *   gcc -O3 -march=native -pthread -o /tmp/sgemm_max bench/c/sgemm_max.c -L$LIB -l:libopenblas.so.0
 *   OPENBLAS_NUM_THREADS=1 LD_LIBRARY_PATH=$LIB /tmp/sgemm_max FILE.npy [threads=2] [panel=512]
 */
#include <immintrin.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* cblas.h is not shipped with the runtime package; these are OpenBLAS's own prototypes. */
enum { CblasRowMajor = 101, CblasNoTrans = 111, CblasTrans = 112 };
void cblas_sgemm(int order, int ta, int tb, int m, int n, int k, float alpha, const float *a, int lda,
                 const float *b, int ldb, float beta, float *c, int ldc);
void openblas_set_num_threads(int threads);
char *openblas_get_config(void);

#define TILE 4096

static float *x;
static long n, d;
static int panel, nblocks, ntiles;
static int *tileA, *tileB;
static atomic_int next_tile;

typedef struct {
  float best;
  long i, j;
} Best;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int better(float s, long i, long j, const Best *b) {
  return s > b->best || (s == b->best && (i < b->i || (i == b->i && j < b->j)));
}

/* Row r of a panel: scores against columns [lo, w) only (lo > 0 on a diagonal tile). */
static void scan_row(const float *c, int lo, int w, long gi, long gj0, Best *b) {
  if (lo >= w) return;
  __m512 m = _mm512_set1_ps(-INFINITY);
  int k = lo;
  for (; k + 16 <= w; k += 16) m = _mm512_max_ps(m, _mm512_loadu_ps(c + k));
  float rmax = _mm512_reduce_max_ps(m);
  for (; k < w; k++) rmax = c[k] > rmax ? c[k] : rmax;
  if (rmax < b->best) return;
  for (k = lo; k < w; k++) {
    if (better(c[k], gi, gj0 + k, b)) {
      b->best = c[k];
      b->i = gi;
      b->j = gj0 + k;
    }
  }
}

static void *worker(void *arg) {
  Best *b = arg;
  float *c = aligned_alloc(64, (size_t)TILE * panel * sizeof(float));
  for (;;) {
    int t = atomic_fetch_add(&next_tile, 1);
    if (t >= ntiles) break;
    long a0 = (long)tileA[t] * TILE, b0 = (long)tileB[t] * TILE;
    int ra = (int)((n - a0) < TILE ? n - a0 : TILE);
    int rb = (int)((n - b0) < TILE ? n - b0 : TILE);
    int diag = tileA[t] == tileB[t];
    for (int p0 = 0; p0 < rb; p0 += panel) {
      int w = rb - p0 < panel ? rb - p0 : panel;
      /* on a diagonal tile, rows below the panel's last column have nothing above the diagonal */
      int rows = diag ? (p0 + w < ra ? p0 + w : ra) : ra;
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, w, (int)d, 1.0f, x + a0 * d, (int)d,
                  x + (b0 + p0) * d, (int)d, 0.0f, c, w);
      for (int r = 0; r < rows; r++) {
        int lo = diag ? (r + 1 - p0 > 0 ? r + 1 - p0 : 0) : 0;
        scan_row(c + (size_t)r * w, lo, w, a0 + r, b0 + p0, b);
      }
    }
  }
  free(c);
  return NULL;
}

static void fail(const char *what, const char *file) {
  fprintf(stderr, "sgemm_max: %s: %s\n", file, what);
  exit(2);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: sgemm_max FILE.npy [threads=2] [panel=512]\n");
    return 2;
  }
  const char *file = argv[1];
  int threads = argc > 2 ? atoi(argv[2]) : 2;
  panel = argc > 3 ? atoi(argv[3]) : 512;
  openblas_set_num_threads(1);

  double t0 = now();
  FILE *f = fopen(file, "rb");
  if (!f) fail("cannot open", file);
  unsigned char pre[10];
  if (fread(pre, 1, 10, f) != 10 || memcmp(pre, "\x93NUMPY", 6) != 0) fail("not an NPY file", file);
  long hlen = pre[6] == 1 ? pre[8] | pre[9] << 8 : 0;
  if (pre[6] != 1) {
    unsigned char l4[2];
    if (fread(l4, 1, 2, f) != 2) fail("short header", file);
    hlen = pre[8] | pre[9] << 8 | (long)l4[0] << 16 | (long)l4[1] << 24;
  }
  char *hdr = calloc(hlen + 1, 1);
  if (fread(hdr, 1, hlen, f) != (size_t)hlen) fail("short header", file);
  if (!strstr(hdr, "'<f4'") || strstr(hdr, "True")) fail("needs '<f4' in C order", file);
  char *sh = strstr(hdr, "'shape': (");
  if (!sh || sscanf(sh, "'shape': (%ld, %ld)", &n, &d) != 2) fail("needs a 2-d shape", file);
  x = aligned_alloc(64, ((size_t)n * d * sizeof(float) + 63) / 64 * 64);
  if (fread(x, sizeof(float), (size_t)n * d, f) != (size_t)(n * d)) fail("short data", file);
  fclose(f);
  double t1 = now();

  for (long i = 0; i < n; i++) {
    double s = 0;
    for (long k = 0; k < d; k++) s += (double)x[i * d + k] * x[i * d + k];
    float inv = s > 0 ? (float)(1 / __builtin_sqrt(s)) : 0;
    for (long k = 0; k < d; k++) x[i * d + k] *= inv;
  }
  double t2 = now();

  nblocks = (int)((n + TILE - 1) / TILE);
  ntiles = nblocks * (nblocks + 1) / 2;
  tileA = malloc(ntiles * sizeof(int));
  tileB = malloc(ntiles * sizeof(int));
  for (int a = 0, t = 0; a < nblocks; a++)
    for (int b = a; b < nblocks; b++, t++) tileA[t] = a, tileB[t] = b;
  pthread_t *th = malloc(threads * sizeof(pthread_t));
  Best *bests = malloc(threads * sizeof(Best));
  for (int k = 0; k < threads; k++) {
    bests[k] = (Best){-INFINITY, -1, -1};
    pthread_create(&th[k], NULL, worker, &bests[k]);
  }
  Best best = {-INFINITY, -1, -1};
  for (int k = 0; k < threads; k++) {
    pthread_join(th[k], NULL);
    if (better(bests[k].best, bests[k].i, bests[k].j, &best)) best = bests[k];
  }
  double t3 = now();

  double flops = 2.0 * d * ((double)n * (n - 1) / 2);
  printf("# %s n=%ld d=%ld threads=%d panel=%d openblas=%s\n", file, n, d, threads, panel, openblas_get_config());
  printf("c_sgemm_max read=%.3f normalize=%.3f scan=%.3f total=%.3f scan_GFLOPs=%.1f total_GFLOPs=%.1f best=%ld,%ld %.6f\n",
         t1 - t0, t2 - t1, t3 - t2, t3 - t0, flops / (t3 - t2) / 1e9, flops / (t3 - t0) / 1e9, best.i, best.j,
         best.best);
  return 0;
}

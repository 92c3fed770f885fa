/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * bench: a deterministic, compute-bound mix of integer kernels.
 *
 * Each of BENCH_ITERS rounds runs six kernels on data drawn from a
 * xorshift generator seeded by the round number:
 *   arith   64- and 32-bit add/mul/mulh/div/rem, signed and unsigned
 *   sieve   sieve of Eratosthenes (byte loads and stores, nested loops)
 *   matmul  integer matrix multiply (strided loads, multiply-add)
 *   crc32   table-driven and bitwise CRC-32 over a buffer
 *   sort    quicksort with an insertion-sort cutoff (data-dependent branches)
 *   interp  a tiny stack-machine interpreter (switch, indirect jumps)
 *
 * It prints one checksum per kernel, their combination, and the number of
 * instructions retired between start and end (minstret). It exits 1 when
 * a kernel's self-check failed (CRC known answer and table vs bitwise,
 * sortedness), 0 otherwise. The output other
 * than the instret line is the same on every correct RV64IMAC machine;
 * tests/bench/mips.sh compares it between rvmmu and QEMU.
 */
#include "rt.h"

#ifndef BENCH_ITERS
#define BENCH_ITERS 96
#endif

#define SIEVE_N 32768
#define MAT_N 40
#define CRC_BYTES 32768
#define CRC_HEAD_BYTES 256
#define SORT_N 4096
#define ARITH_STEPS 16384
#define INTERP_RUNS 32

/* ------------------------------------------------------------------ */
/* Pseudo-random numbers, checksum mixing, self-checks                */

/* Kernels count here the internal checks that failed. */
static unsigned bench_failures;

static uint64_t bench_rng_state;

static void bench_rng_seed(uint64_t seed)
{
	bench_rng_state = seed * 0x9e3779b97f4a7c15ull + 0x2545f4914f6cdd1dull;
	if (bench_rng_state == 0)
		bench_rng_state = 1;
}

/* xorshift64 */
static uint64_t bench_rng_next(void)
{
	uint64_t x = bench_rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	bench_rng_state = x;
	return x;
}

/* Folds v into the running checksum h (order-sensitive). */
static uint64_t bench_mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0x100000001b3ull;
}

/* ------------------------------------------------------------------ */
/* arith: the M extension in all its widths                           */

static uint64_t bench_arith(uint64_t seed)
{
	uint64_t a = seed | 1;
	uint64_t b = seed ^ 0xdeadbeefcafef00dull;
	uint32_t w = (uint32_t)seed;
	uint64_t acc = 0;

	for (int i = 0; i < ARITH_STEPS; i++) {
		a = a * 6364136223846793005ull + 1442695040888963407ull;
		b ^= a >> 29;
		/* mulhu, mulh, mulhsu */
		acc += (uint64_t)(((unsigned __int128)a * b) >> 64);
		acc ^= (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64);
		acc += (uint64_t)(((__int128)(int64_t)b * (unsigned __int128)a) >> 64);
		/* divu, remu; the divisor is never zero */
		uint64_t d = (b >> (a & 31)) | 1;
		acc += a / d + a % d;
		/* div, rem; the dividend is never INT64_MIN */
		int64_t sn = (int64_t)(a >> 1) * ((b & 1) ? -1 : 1);
		int64_t sd = (int64_t)(d >> 3) * ((a & 2) ? -1 : 1) | 1;
		acc += (uint64_t)(sn / sd) ^ (uint64_t)(sn % sd);
		/* mulw, divw, remuw, 32-bit shifts */
		w = w * 1103515245u + 12345u;
		uint32_t wd = (w >> 7) | 1;
		int32_t ws = (int32_t)(w >> 1) - (int32_t)(wd >> 1);
		acc += (uint64_t)(int64_t)(ws / (int32_t)(wd | 1)) + (w % wd) + (w << (i & 31));
		acc = (acc << 7) | (acc >> 57);
	}
	return acc;
}

/* ------------------------------------------------------------------ */
/* sieve                                                              */

static uint8_t bench_sieve_composite[SIEVE_N];

static uint64_t bench_sieve(uint64_t seed)
{
	/* Vary the bound a little so no round is a copy of another. */
	unsigned n = SIEVE_N - (unsigned)(seed & 255);
	uint64_t count = 0, sum = 0;

	for (unsigned i = 0; i < n; i++)
		bench_sieve_composite[i] = 0;
	for (unsigned i = 2; i * i < n; i++) {
		if (bench_sieve_composite[i])
			continue;
		for (unsigned j = i * i; j < n; j += i)
			bench_sieve_composite[j] = 1;
	}
	for (unsigned i = 2; i < n; i++) {
		if (!bench_sieve_composite[i]) {
			count++;
			sum += i;
		}
	}
	return count << 32 ^ sum;
}

/* ------------------------------------------------------------------ */
/* matmul                                                             */

static int32_t bench_mat_a[MAT_N][MAT_N];
static int32_t bench_mat_b[MAT_N][MAT_N];
static int64_t bench_mat_c[MAT_N][MAT_N];

static uint64_t bench_matmul(void)
{
	uint64_t h = 0;

	for (int i = 0; i < MAT_N; i++) {
		for (int j = 0; j < MAT_N; j++) {
			uint64_t r = bench_rng_next();
			bench_mat_a[i][j] = (int32_t)(r & 0xffff) - 0x8000;
			bench_mat_b[i][j] = (int32_t)((r >> 16) & 0xffff) - 0x8000;
		}
	}
	for (int i = 0; i < MAT_N; i++) {
		for (int j = 0; j < MAT_N; j++) {
			int64_t s = 0;
			for (int k = 0; k < MAT_N; k++)
				s += (int64_t)bench_mat_a[i][k] * bench_mat_b[k][j];
			bench_mat_c[i][j] = s;
		}
	}
	for (int i = 0; i < MAT_N; i++)
		for (int j = 0; j < MAT_N; j++)
			h = bench_mix(h, (uint64_t)bench_mat_c[i][j]);
	return h;
}

/* ------------------------------------------------------------------ */
/* crc32 (reflected polynomial 0xEDB88320)                            */

static uint32_t bench_crc_table[256];
static uint8_t bench_crc_buf[CRC_BYTES];

static void bench_crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ 0xedb88320u : c >> 1;
		bench_crc_table[i] = c;
	}
	/* Check value of CRC-32/ISO-HDLC: "123456789" -> 0xCBF43926. */
	static const char check[] = "123456789";
	uint32_t crc = 0xffffffffu;
	for (int i = 0; check[i] != '\0'; i++)
		crc = bench_crc_table[(crc ^ (uint8_t)check[i]) & 0xff] ^ (crc >> 8);
	if (~crc != 0xcbf43926u)
		bench_failures++;
}

static uint64_t bench_crc32(void)
{
	uint32_t crc = 0xffffffffu;
	uint32_t crc_head = 0;
	uint32_t bitwise = 0xffffffffu;

	for (int i = 0; i < CRC_BYTES; i += 8) {
		uint64_t r = bench_rng_next();
		for (int k = 0; k < 8; k++)
			bench_crc_buf[i + k] = (uint8_t)(r >> (8 * k));
	}
	for (int i = 0; i < CRC_BYTES; i++) {
		crc = bench_crc_table[(crc ^ bench_crc_buf[i]) & 0xff] ^ (crc >> 8);
		if (i == CRC_HEAD_BYTES - 1)
			crc_head = crc;
	}
	/* The head again, one bit at a time: both methods must agree. */
	for (int i = 0; i < CRC_HEAD_BYTES; i++) {
		bitwise ^= bench_crc_buf[i];
		for (int k = 0; k < 8; k++)
			bitwise = (bitwise >> 1) ^ (0xedb88320u & -(bitwise & 1));
	}
	if (bitwise != crc_head)
		bench_failures++;
	return (uint64_t)~crc << 32 | (uint32_t)~bitwise;
}

/* ------------------------------------------------------------------ */
/* sort                                                               */

static uint32_t bench_sort_data[SORT_N];

static void bench_insertion_sort(uint32_t *v, int n)
{
	for (int i = 1; i < n; i++) {
		uint32_t x = v[i];
		int j = i - 1;
		while (j >= 0 && v[j] > x) {
			v[j + 1] = v[j];
			j--;
		}
		v[j + 1] = x;
	}
}

static void bench_quicksort(uint32_t *v, int n)
{
	while (n > 16) {
		/* Median of three as the pivot. */
		uint32_t a = v[0], b = v[n / 2], c = v[n - 1];
		uint32_t p = a < b ? (b < c ? b : (a < c ? c : a))
				   : (a < c ? a : (b < c ? c : b));
		int i = 0, j = n - 1;
		for (;;) {
			while (v[i] < p)
				i++;
			while (v[j] > p)
				j--;
			if (i >= j)
				break;
			uint32_t t = v[i];
			v[i] = v[j];
			v[j] = t;
			i++;
			j--;
		}
		/* Recurse into the smaller half, loop on the larger one. */
		int left = j + 1;
		if (left < n - left) {
			bench_quicksort(v, left);
			v += left;
			n -= left;
		} else {
			bench_quicksort(v + left, n - left);
			n = left;
		}
	}
	bench_insertion_sort(v, n);
}

static uint64_t bench_sort(void)
{
	uint64_t h = 0;

	for (int i = 0; i < SORT_N; i++)
		bench_sort_data[i] = (uint32_t)bench_rng_next();
	bench_quicksort(bench_sort_data, SORT_N);
	for (int i = 0; i < SORT_N; i++) {
		if (i > 0 && bench_sort_data[i - 1] > bench_sort_data[i])
			bench_failures++;
		h += (uint64_t)bench_sort_data[i] * (uint64_t)(i + 1);
	}
	return h;
}

/* ------------------------------------------------------------------ */
/* interp: a stack machine computing a Collatz-style walk             */

enum bench_op {
	OP_PUSH,  /* push the next word */
	OP_LOAD,  /* push register[next word] */
	OP_STORE, /* pop into register[next word] */
	OP_ADD,
	OP_MUL,
	OP_SHR1,
	OP_ODD,   /* replace top with top & 1 */
	OP_JZ,    /* pop; jump to next word when zero */
	OP_JMP,
	OP_DEC,
	OP_HALT,
};

/* r0 = n, r1 = steps, r2 = budget. Each step: n = n odd ? 3n + 1 : n / 2;
 * steps++; budget--; halt when the budget is zero. */
static const int32_t bench_program[] = {
	/*  0 */ OP_LOAD, 0, OP_ODD, OP_JZ, 15,
	/*  5 */ OP_LOAD, 0, OP_PUSH, 3, OP_MUL, OP_PUSH, 1, OP_ADD, OP_JMP, 18,
	/* 15 */ OP_LOAD, 0, OP_SHR1,
	/* 18 */ OP_STORE, 0, OP_LOAD, 1, OP_PUSH, 1, OP_ADD, OP_STORE, 1,
	/* 27 */ OP_LOAD, 2, OP_DEC, OP_STORE, 2, OP_LOAD, 2, OP_JZ, 38, OP_JMP, 0,
	/* 38 */ OP_HALT,
};

#define BENCH_PROGRAM_LEN ((int)(sizeof bench_program / sizeof bench_program[0]))

static uint64_t bench_interp_run(const int32_t *code, int len, uint64_t n, uint64_t budget)
{
	uint64_t reg[4] = {n, 0, budget, 0};
	uint64_t stack[8];
	int sp = 0, pc = 0;

	while (pc >= 0 && pc < len) {
		int32_t op = code[pc++];
		switch (op) {
		case OP_PUSH:
			stack[sp++ & 7] = (uint64_t)(int64_t)code[pc++];
			break;
		case OP_LOAD:
			stack[sp++ & 7] = reg[code[pc++] & 3];
			break;
		case OP_STORE:
			reg[code[pc++] & 3] = stack[--sp & 7];
			break;
		case OP_ADD:
			sp--;
			stack[(sp - 1) & 7] += stack[sp & 7];
			break;
		case OP_MUL:
			sp--;
			stack[(sp - 1) & 7] *= stack[sp & 7];
			break;
		case OP_SHR1:
			stack[(sp - 1) & 7] >>= 1;
			break;
		case OP_ODD:
			stack[(sp - 1) & 7] &= 1;
			break;
		case OP_JZ:
			if (stack[--sp & 7] == 0)
				pc = code[pc];
			else
				pc++;
			break;
		case OP_JMP:
			pc = code[pc];
			break;
		case OP_DEC:
			stack[(sp - 1) & 7]--;
			break;
		default:
			return reg[0] ^ reg[1] << 40;
		}
	}
	return ~0ull;
}

static uint64_t bench_interp(void)
{
	uint64_t h = 0;

	for (int r = 0; r < INTERP_RUNS; r++) {
		uint64_t n = (bench_rng_next() & 0xffff) + 1;
		h = bench_mix(h, bench_interp_run(bench_program, BENCH_PROGRAM_LEN, n, 32));
	}
	return h;
}

/* ------------------------------------------------------------------ */

int main(void)
{
	uint64_t sums[6] = {0};
	static const char *const names[6] = {
		"arith    ", "sieve    ", "matmul   ", "crc32    ", "sort     ", "interp   ",
	};
	uint64_t start = rt_read_minstret();

	bench_crc_init();
	for (uint64_t round = 0; round < BENCH_ITERS; round++) {
		bench_rng_seed(round);
		sums[0] = bench_mix(sums[0], bench_arith(bench_rng_next()));
		sums[1] = bench_mix(sums[1], bench_sieve(bench_rng_next()));
		sums[2] = bench_mix(sums[2], bench_matmul());
		sums[3] = bench_mix(sums[3], bench_crc32());
		sums[4] = bench_mix(sums[4], bench_sort());
		sums[5] = bench_mix(sums[5], bench_interp());
	}

	uint64_t end = rt_read_minstret();
	uint64_t total = 0;

	rt_puts("rvmmu bench: ");
	rt_put_dec(BENCH_ITERS);
	rt_puts(" rounds\n");
	for (int i = 0; i < 6; i++) {
		rt_puts(names[i]);
		rt_put_hex(sums[i]);
		rt_puts("\n");
		total = bench_mix(total, sums[i]);
	}
	rt_puts("checksum ");
	rt_put_hex(total);
	rt_puts("\n");
	rt_puts("instret  ");
	rt_put_dec(end - start);
	rt_puts("\n");
	if (bench_failures != 0) {
		rt_puts("self-checks failed: ");
		rt_put_dec(bench_failures);
		rt_puts("\n");
		return 1;
	}
	return 0;
}

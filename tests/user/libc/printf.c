/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * printf-style formatting (a subset of C11 7.21.6.1, see stdio.h).
 *
 * One formatter writes into a `fmt_sink`: either a caller's buffer
 * (snprintf: truncates, always NUL-terminates, counts the full length)
 * or a small stack buffer flushed to a file descriptor when full and
 * before returning (dprintf/printf).
 */
#include <stdint.h>

#include "stdio.h"
#include "string.h"
#include "sys.h"

#define FMT_FD_BUFFER 256

struct fmt_sink {
	char *buf;    /* destination (snprintf) or staging buffer (fd) */
	size_t size;  /* capacity of buf */
	size_t used;  /* bytes in buf */
	size_t total; /* bytes formatted so far, including truncated ones */
	int fd;       /* -1: string sink */
	int failed;   /* a write to fd failed */
};

static void fmt_flush(struct fmt_sink *s)
{
	if (s->fd >= 0 && s->used > 0) {
		if (write_all(s->fd, s->buf, s->used) != 0)
			s->failed = 1;
		s->used = 0;
	}
}

static void fmt_put(struct fmt_sink *s, char c)
{
	s->total++;
	if (s->fd >= 0) {
		if (s->used == s->size)
			fmt_flush(s);
		s->buf[s->used++] = c;
	} else if (s->used + 1 < s->size) {
		/* Keep one byte for the terminating NUL. */
		s->buf[s->used++] = c;
	}
}

static void fmt_repeat(struct fmt_sink *s, char c, size_t n)
{
	while (n-- > 0)
		fmt_put(s, c);
}

struct fmt_spec {
	int left;      /* '-': pad on the right */
	int zero;      /* '0': pad numbers with zeros */
	size_t width;  /* minimum field width */
	int precision; /* -1: none; for %s the maximum length */
};

/* Emits `body` (length n) with an optional prefix ("-", "0x") padded
 * to the field width: zeros go between prefix and body, spaces outside. */
static void fmt_field(struct fmt_sink *s, const struct fmt_spec *sp,
		      const char *prefix, const char *body, size_t n)
{
	size_t plen = strlen(prefix);
	size_t pad = sp->width > plen + n ? sp->width - plen - n : 0;
	int zeros = sp->zero && !sp->left;

	if (!sp->left && !zeros)
		fmt_repeat(s, ' ', pad);
	for (size_t i = 0; i < plen; i++)
		fmt_put(s, prefix[i]);
	if (zeros)
		fmt_repeat(s, '0', pad);
	for (size_t i = 0; i < n; i++)
		fmt_put(s, body[i]);
	if (sp->left)
		fmt_repeat(s, ' ', pad);
}

static void fmt_unsigned(struct fmt_sink *s, const struct fmt_spec *sp,
			 const char *prefix, unsigned long long v,
			 unsigned base, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24]; /* 2^64 has 20 decimal digits, 16 hex digits */
	size_t n = sizeof tmp;

	do {
		tmp[--n] = digits[v % base];
		v /= base;
	} while (v != 0);
	fmt_field(s, sp, prefix, tmp + n, sizeof tmp - n);
}

static void fmt_signed(struct fmt_sink *s, const struct fmt_spec *sp, long long v)
{
	/* Negating in unsigned arithmetic is defined for LLONG_MIN too. */
	unsigned long long mag = v < 0 ? 0ull - (unsigned long long)v
				       : (unsigned long long)v;
	fmt_unsigned(s, sp, v < 0 ? "-" : "", mag, 10, 0);
}

enum fmt_length { FMT_INT, FMT_LONG, FMT_LLONG, FMT_SIZE };

static void fmt_format(struct fmt_sink *s, const char *fmt, va_list ap)
{
	while (*fmt != '\0') {
		if (*fmt != '%') {
			fmt_put(s, *fmt++);
			continue;
		}
		fmt++;

		struct fmt_spec sp = { 0, 0, 0, -1 };
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = 1;
			else if (*fmt == '0')
				sp.zero = 1;
			else
				break;
		}
		if (*fmt == '*') {
			int w = va_arg(ap, int);
			if (w < 0) {
				sp.left = 1;
				w = w == INT32_MIN ? 0 : -w;
			}
			sp.width = (size_t)w;
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			sp.width = sp.width * 10 + (size_t)(*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			sp.precision = 0;
			while (*fmt >= '0' && *fmt <= '9' && sp.precision < 100000)
				sp.precision = sp.precision * 10 + (*fmt++ - '0');
		}

		enum fmt_length len = FMT_INT;
		if (*fmt == 'l') {
			fmt++;
			len = FMT_LONG;
			if (*fmt == 'l') {
				fmt++;
				len = FMT_LLONG;
			}
		} else if (*fmt == 'z') {
			fmt++;
			len = FMT_SIZE;
		}

		char conv = *fmt;
		if (conv == '\0')
			break;
		fmt++;

		switch (conv) {
		case 'd':
		case 'i': {
			long long v;
			if (len == FMT_LONG)
				v = va_arg(ap, long);
			else if (len == FMT_LLONG)
				v = va_arg(ap, long long);
			else if (len == FMT_SIZE)
				v = va_arg(ap, ssize_t);
			else
				v = va_arg(ap, int);
			fmt_signed(s, &sp, v);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			unsigned long long v;
			if (len == FMT_LONG)
				v = va_arg(ap, unsigned long);
			else if (len == FMT_LLONG)
				v = va_arg(ap, unsigned long long);
			else if (len == FMT_SIZE)
				v = va_arg(ap, size_t);
			else
				v = va_arg(ap, unsigned int);
			fmt_unsigned(s, &sp, "", v, conv == 'u' ? 10 : 16, conv == 'X');
			break;
		}
		case 'p': {
			uintptr_t v = (uintptr_t)va_arg(ap, void *);
			fmt_unsigned(s, &sp, "0x", v, 16, 0);
			break;
		}
		case 's': {
			const char *str = va_arg(ap, const char *);
			if (str == NULL)
				str = "(null)";
			size_t n = sp.precision >= 0 ? strnlen(str, (size_t)sp.precision)
						     : strlen(str);
			sp.zero = 0;
			fmt_field(s, &sp, "", str, n);
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			sp.zero = 0;
			fmt_field(s, &sp, "", &c, 1);
			break;
		}
		case '%':
			fmt_put(s, '%');
			break;
		default:
			/* Unknown conversion: show it as written. */
			fmt_put(s, '%');
			fmt_put(s, conv);
			break;
		}
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_sink s = { buf, size, 0, 0, -1, 0 };
	fmt_format(&s, fmt, ap);
	if (size > 0)
		buf[s.used] = '\0';
	return s.total > INT32_MAX ? -1 : (int)s.total;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
	char staging[FMT_FD_BUFFER];
	struct fmt_sink s = { staging, sizeof staging, 0, 0, fd, 0 };
	fmt_format(&s, fmt, ap);
	fmt_flush(&s);
	if (s.failed || s.total > INT32_MAX)
		return -1;
	return (int)s.total;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vdprintf(STDOUT_FILENO, fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	struct iovec iov[2] = {
		{ (void *)s, strlen(s) },
		{ "\n", 1 },
	};
	size_t want = iov[0].iov_len + 1;
	ssize_t n = writev(STDOUT_FILENO, iov, 2);
	if (n < 0)
		return -1;
	if ((size_t)n == want)
		return 0;
	/* Short write: finish with plain writes. */
	if ((size_t)n < iov[0].iov_len) {
		if (write_all(STDOUT_FILENO, s + n, iov[0].iov_len - (size_t)n) != 0)
			return -1;
	}
	return write_all(STDOUT_FILENO, "\n", 1);
}

int putchar(int c)
{
	unsigned char b = (unsigned char)c;
	return write_all(STDOUT_FILENO, &b, 1) == 0 ? b : -1;
}

// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The `strace` option (strace.h). Each call's arguments are described by
// a signature string, one character per argument:
//
//   d  signed decimal     u  unsigned decimal   x  hexadecimal
//   p  pointer (NULL)     f  file descriptor (AT_FDCWD)
//   s  string             b  buffer, length in the next argument
//   r  buffer filled by the call, length = the result
//   o  open flags         m  mode (octal)      P  mmap prot
//   M  mmap flags         C  clone flags       v  argv array
//   V  iovec array, count in the next argument (writev)
//
// A call without a signature shows its six arguments in hexadecimal.
#include "strace.h"

#include "con.h"
#include "hostio.h"
#include "kerrno.h"
#include "lib.h"
#include "proc.h"
#include "user.h"

// A line, its newline included, fits the console's line buffer (a longer
// one is cut, never split).
#define STRACE_LINE 255
#define STRACE_STR 32 // characters of a string or buffer shown
#define STRACE_ARGV 8 // elements of an argv array shown
#define AT_FDCWD (-100)
#define STRACE_NR_EXIT 93
#define STRACE_NR_EXIT_GROUP 94
#define STRACE_NR_BRK 214
#define STRACE_NR_MREMAP 216
#define STRACE_NR_EXECVE 221
#define STRACE_NR_MMAP 222

struct strace_line {
	char buf[STRACE_LINE];
	unsigned len;
};

// The line being built; execve's is kept from strace_enter to
// strace_leave (system calls do not nest: one hart, one kernel stack).
static struct strace_line strace_cur;

// Where the lines go: host stderr as they are (as strace(1) writes them)
// with the hostio device, else the supervisor's own output (the UART).
static void strace_out(const char *s, unsigned n)
{
	if (hostio_present()) {
		con_flush(); // the supervisor's lines before, in order
		hostio_call(HOSTIO_WRITE, HOSTIO_STREAM_STDERR, (uint64_t)s, n, 0, 0);
		return;
	}
	con_write(s, n);
}

// Appends c, keeping room for the newline (sl_end).
static void sl_char(struct strace_line *l, char c)
{
	if (l->len < STRACE_LINE - 1)
		l->buf[l->len++] = c;
}

// Ends the line and prints it.
static void sl_end(struct strace_line *l)
{
	l->buf[l->len++] = '\n';
	strace_out(l->buf, l->len);
}

static void sl_str(struct strace_line *l, const char *s)
{
	while (*s)
		sl_char(l, *s++);
}

// v in base 8, 10 or 16 (with 0 or 0x first for 8 and 16).
static void sl_num(struct strace_line *l, uint64_t v, unsigned base)
{
	char d[24];
	int n = 0;
	if (base == 16)
		sl_str(l, "0x");
	else if (base == 8 && v != 0)
		sl_char(l, '0');
	do {
		d[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n > 0)
		sl_char(l, d[--n]);
}

static void sl_signed(struct strace_line *l, int64_t v)
{
	if (v < 0)
		sl_char(l, '-');
	sl_num(l, v < 0 ? -(uint64_t)v : (uint64_t)v, 10);
}

// n bytes of user memory, quoted and escaped as C (at most STRACE_STR,
// then "..."); the address when unreadable.
static void sl_user_bytes(struct strace_line *l, uint64_t va, uint64_t n, int is_string)
{
	char s[STRACE_STR + 1];
	uint64_t shown;
	int more;
	if (is_string) {
		int64_t r = user_copy_str(s, va, sizeof(s));
		if (r == -EFAULT) {
			sl_num(l, va, 16);
			return;
		}
		shown = r < 0 ? STRACE_STR : (uint64_t)r;
		more = r < 0;
	} else {
		shown = MIN(n, STRACE_STR);
		more = n > STRACE_STR;
		if (user_copy_in(s, va, shown) != 0) {
			sl_num(l, va, 16);
			return;
		}
	}
	sl_char(l, '"');
	for (uint64_t i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r"
				: c == '"' ? "\\\"" : c == '\\' ? "\\\\" : 0;
		if (esc) {
			sl_str(l, esc);
		} else if (c < 0x20 || c >= 0x7f) {
			sl_str(l, "\\x");
			sl_char(l, "0123456789abcdef"[c >> 4]);
			sl_char(l, "0123456789abcdef"[c & 15]);
		} else {
			sl_char(l, (char)c);
		}
	}
	sl_char(l, '"');
	if (more)
		sl_str(l, "...");
}

struct strace_flag {
	uint64_t bit;
	const char *name;
};

// The flags of v named by table, joined with '|', the rest in hex; "0"
// when nothing is left to show.
static void sl_flags(struct strace_line *l, uint64_t v, const struct strace_flag *t, int first)
{
	for (; t->name; t++) {
		if (t->bit && (v & t->bit) == t->bit) {
			if (!first)
				sl_char(l, '|');
			sl_str(l, t->name);
			v &= ~t->bit;
			first = 0;
		}
	}
	if (v || first) {
		if (!first)
			sl_char(l, '|');
		sl_num(l, v, 16);
	}
}

// asm-generic/fcntl.h (RISC-V uses the generic values).
static const struct strace_flag strace_open_flags[] = {
	{ 04010000, "O_SYNC" }, { 020200000, "O_TMPFILE" }, { 0100, "O_CREAT" },
	{ 0200, "O_EXCL" },     { 0400, "O_NOCTTY" },       { 01000, "O_TRUNC" },
	{ 02000, "O_APPEND" },  { 04000, "O_NONBLOCK" },    { 010000, "O_DSYNC" },
	{ 020000, "O_ASYNC" },  { 040000, "O_DIRECT" },     { 0100000, "O_LARGEFILE" },
	{ 0200000, "O_DIRECTORY" }, { 0400000, "O_NOFOLLOW" }, { 01000000, "O_NOATIME" },
	{ 02000000, "O_CLOEXEC" }, { 010000000, "O_PATH" }, { 0, 0 },
};

static const struct strace_flag strace_prot_flags[] = {
	{ 1, "PROT_READ" }, { 2, "PROT_WRITE" }, { 4, "PROT_EXEC" }, { 0, 0 },
};

// asm-generic/mman-common.h, mman.h; the map type is printed first.
static const struct strace_flag strace_map_flags[] = {
	{ 0x10, "MAP_FIXED" },        { 0x20, "MAP_ANONYMOUS" },   { 0x100, "MAP_GROWSDOWN" },
	{ 0x800, "MAP_DENYWRITE" },   { 0x1000, "MAP_EXECUTABLE" }, { 0x2000, "MAP_LOCKED" },
	{ 0x4000, "MAP_NORESERVE" },  { 0x8000, "MAP_POPULATE" },  { 0x10000, "MAP_NONBLOCK" },
	{ 0x20000, "MAP_STACK" },     { 0x40000, "MAP_HUGETLB" },  { 0x80000, "MAP_SYNC" },
	{ 0x100000, "MAP_FIXED_NOREPLACE" }, { 0, 0 },
};

// include/uapi/linux/sched.h; the low byte is the exit signal.
static const struct strace_flag strace_clone_flags[] = {
	{ 0x100, "CLONE_VM" },          { 0x200, "CLONE_FS" },           { 0x400, "CLONE_FILES" },
	{ 0x800, "CLONE_SIGHAND" },     { 0x1000, "CLONE_PIDFD" },       { 0x2000, "CLONE_PTRACE" },
	{ 0x4000, "CLONE_VFORK" },      { 0x8000, "CLONE_PARENT" },      { 0x10000, "CLONE_THREAD" },
	{ 0x20000, "CLONE_NEWNS" },     { 0x40000, "CLONE_SYSVSEM" },    { 0x80000, "CLONE_SETTLS" },
	{ 0x100000, "CLONE_PARENT_SETTID" }, { 0x200000, "CLONE_CHILD_CLEARTID" },
	{ 0x400000, "CLONE_DETACHED" }, { 0x800000, "CLONE_UNTRACED" }, { 0x1000000, "CLONE_CHILD_SETTID" },
	{ 0x2000000, "CLONE_NEWCGROUP" }, { 0x4000000, "CLONE_NEWUTS" }, { 0x8000000, "CLONE_NEWIPC" },
	{ 0x10000000, "CLONE_NEWUSER" }, { 0x20000000, "CLONE_NEWPID" }, { 0x40000000, "CLONE_NEWNET" },
	{ 0x80000000, "CLONE_IO" },     { 0, 0 },
};

static void sl_open_flags(struct strace_line *l, uint64_t v)
{
	static const char *const access[4] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
	sl_str(l, access[v & 3]);
	sl_flags(l, v & ~3UL, strace_open_flags, 0);
}

static void sl_map_flags(struct strace_line *l, uint64_t v)
{
	static const char *const type[4] = { "0", "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE" };
	sl_str(l, type[v & 3]);
	sl_flags(l, v & ~3UL, strace_map_flags, 0);
}

static void sl_clone_flags(struct strace_line *l, uint64_t v)
{
	uint64_t sig = v & 0xff;
	int first = 1;
	if (v & ~0xffUL) {
		sl_flags(l, v & ~0xffUL, strace_clone_flags, 1);
		first = 0;
	}
	if (sig || first) {
		if (!first)
			sl_char(l, '|');
		if (sig == 17)
			sl_str(l, "SIGCHLD");
		else
			sl_num(l, sig, 10);
	}
}

// ["argv0", "argv1", ...] of a NULL-terminated user array.
static void sl_argv(struct strace_line *l, uint64_t va)
{
	sl_char(l, '[');
	for (unsigned i = 0;; i++) {
		uint64_t p;
		if (user_copy_in(&p, va + 8 * i, 8) != 0) {
			sl_str(l, "?");
			break;
		}
		if (p == 0)
			break;
		if (i)
			sl_str(l, ", ");
		if (i == STRACE_ARGV) {
			sl_str(l, "...");
			break;
		}
		sl_user_bytes(l, p, 0, 1);
	}
	sl_char(l, ']');
}

// [{iov_base="...", iov_len=N}, ...] of n user iovecs (at most 4 shown).
static void sl_iovec(struct strace_line *l, uint64_t va, uint64_t n)
{
	sl_char(l, '[');
	for (uint64_t i = 0; i < n; i++) {
		uint64_t iov[2];
		if (i)
			sl_str(l, ", ");
		if (i == 4) {
			sl_str(l, "...");
			break;
		}
		if (user_copy_in(iov, va + 16 * i, sizeof(iov)) != 0) {
			sl_char(l, '?');
			break;
		}
		sl_str(l, "{iov_base=");
		sl_user_bytes(l, iov[0], iov[1], 0);
		sl_str(l, ", iov_len=");
		sl_num(l, iov[1], 10);
		sl_char(l, '}');
	}
	sl_char(l, ']');
}

// The signature of each call the firmware knows or programs often make.
static const char *const strace_sigs[STRACE_NR_MAX + 1] = {
	[17] = "pu",      [23] = "f",      [24] = "ffo",     [25] = "fdx",    [29] = "fxx",
	[34] = "fsm",     [35] = "fsx",    [46] = "fd",      [48] = "fsd",    [49] = "s",
	[50] = "f",       [56] = "fsom",   [57] = "f",       [59] = "po",     [61] = "fpu",
	[62] = "fdd",     [63] = "fru",    [64] = "fbu",     [65] = "fpd",    [66] = "fVd",
	[67] = "frud",    [68] = "fbud",   [78] = "fspu",    [79] = "fspx",   [80] = "fp",
	[82] = "f",       [93] = "d",      [94] = "d",       [96] = "p",      [98] = "pdxxpx",
	[99] = "pu",      [101] = "pp",    [113] = "dp",     [114] = "dp",    [115] = "ddpp",
	[123] = "dup",    [124] = "",      [129] = "dd",     [130] = "dd",    [131] = "ddd",
	[132] = "pp",     [133] = "pu",    [134] = "dppu",   [135] = "dppu",  [136] = "pu",
	[139] = "",       [144] = "d",     [146] = "d",      [153] = "p",     [154] = "dd",
	[155] = "d",      [156] = "d",     [157] = "",       [160] = "p",     [163] = "dp",
	[164] = "dp",     [167] = "dxxxx",
	[165] = "dp",     [166] = "m",     [169] = "pp",     [172] = "",      [173] = "",
	[174] = "",       [175] = "",      [176] = "",       [177] = "",      [178] = "",
	[179] = "p",      [214] = "p",     [215] = "pu",     [216] = "puuxp", [220] = "Cpppp",
	[221] = "svp",    [222] = "puPMfx", [226] = "puP",   [227] = "pux",   [228] = "pu",
	[229] = "pu",     [230] = "x",     [231] = "",       [232] = "pup",   [233] = "pud",
	[258] = "puupx",  [259] = "ppx",   [260] = "dpdp",   [261] = "ddpp",  [276] = "fsfsx",
	[278] = "pux",    [291] = "fsxxp", [293] = "puxx",   [435] = "pu",    [439] = "fsdx",
	[20] = "x",       [21] = "fdfp",   [22] = "fpddpu",  [36] = "sfs",    [52] = "fm",
	[53] = "fsm",     [54] = "fsddx",  [55] = "fdd",     [81] = "",       [267] = "f",
	[95] = "ddpxp",
};

// Appends "name(args" for call nr; r is the result (for 'r' buffers).
static void sl_call(struct strace_line *l, uint64_t nr, const uint64_t *a, int64_t r)
{
	const char *name = strace_name(nr);
	const char *sig = nr <= STRACE_NR_MAX ? strace_sigs[nr] : 0;
	l->len = 0;
	sl_str(l, "[pid ");
	sl_num(l, (uint64_t)cur->pid, 10);
	sl_str(l, "] ");
	if (name) {
		sl_str(l, name);
	} else {
		sl_str(l, "syscall_");
		sl_num(l, nr, 10);
	}
	sl_char(l, '(');
	if (sig == 0)
		sig = "xxxxxx";
	for (unsigned i = 0; sig[i] && i < 6; i++) {
		uint64_t v = a[i];
		if (i)
			sl_str(l, ", ");
		switch (sig[i]) {
		case 'd': sl_signed(l, (int64_t)v); break;
		case 'u': sl_num(l, v, 10); break;
		case 'p': if (v) sl_num(l, v, 16); else sl_str(l, "NULL"); break;
		case 'f':
			if ((int32_t)v == AT_FDCWD)
				sl_str(l, "AT_FDCWD");
			else
				sl_signed(l, (int32_t)v);
			break;
		case 's': sl_user_bytes(l, v, 0, 1); break;
		case 'b': sl_user_bytes(l, v, a[i + 1], 0); break;
		case 'r':
			if (r >= 0)
				sl_user_bytes(l, v, (uint64_t)r, 0);
			else
				sl_num(l, v, 16);
			break;
		case 'o': sl_open_flags(l, v); break;
		case 'm': sl_num(l, v, 8); break;
		case 'P':
			if (v == 0)
				sl_str(l, "PROT_NONE");
			else
				sl_flags(l, v, strace_prot_flags, 1);
			break;
		case 'M': sl_map_flags(l, v); break;
		case 'C': sl_clone_flags(l, v); break;
		case 'v': sl_argv(l, v); break;
		case 'V': sl_iovec(l, v, a[i + 1]); break;
		default: sl_num(l, v, 16); break;
		}
	}
	sl_char(l, ')');
}

// Appends " = result" and prints the line.
static void sl_finish(struct strace_line *l, uint64_t nr, int64_t r)
{
	sl_str(l, " = ");
	if (r < 0 && r >= -4095) {
		const struct strace_errno *e = strace_errno((uint64_t)-r);
		sl_str(l, "-1 ");
		if (e) {
			sl_str(l, e->name);
			sl_str(l, " (");
			sl_str(l, e->text);
			sl_char(l, ')');
		} else {
			sl_str(l, "errno ");
			sl_num(l, (uint64_t)-r, 10);
		}
	} else if (nr == STRACE_NR_BRK || nr == STRACE_NR_MMAP || nr == STRACE_NR_MREMAP) {
		sl_num(l, (uint64_t)r, 16);
	} else {
		sl_signed(l, r);
	}
	sl_end(l);
}

void strace_enter(uint64_t nr, const uint64_t *a)
{
	if (nr == STRACE_NR_EXIT || nr == STRACE_NR_EXIT_GROUP) {
		sl_call(&strace_cur, nr, a, 0);
		sl_str(&strace_cur, " = ?");
		sl_end(&strace_cur);
	} else if (nr == STRACE_NR_EXECVE) {
		sl_call(&strace_cur, nr, a, 0);
	}
}

void strace_leave(uint64_t nr, const uint64_t *a, int64_t r)
{
	if (nr != STRACE_NR_EXECVE)
		sl_call(&strace_cur, nr, a, r);
	sl_finish(&strace_cur, nr, r);
}

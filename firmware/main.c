// SPDX-License-Identifier: MIT OR Apache-2.0
//
// S-mode start: console, bootargs, frames, paging, the program, U-mode.
//
// bootargs = [firmware options] -- program-name arg1 arg2 ...
// (words separated by spaces or tabs, "double quotes" group; without "--"
// every word is an argument). Options: stats, debug, lazy-ad, frames=N,
// policy=fifo|clock|lru, tick=US.
#include "con.h"
#include "cpio.h"
#include "elf.h"
#include "file.h"
#include "frame.h"
#include "hostio.h"
#include "ktime.h"
#include "lib.h"
#include "mach.h"
#include "memlayout.h"
#include "power.h"
#include "proc.h"
#include "procfs.h"
#include "swap.h"
#include "trap.h"
#include "vfs.h"
#include "vm.h"
#include "vmev.h"

#define MAIN_BOOTARGS_MAX 1024

void kmain(void) __attribute__((noreturn));

// Splits s in place into words separated by spaces or tabs; a double
// quote starts or ends a quoted part (spaces kept, quotes removed), as in
// Linux's command line. Returns how many words (-1 if more than max).
static int main_split(char *s, char **words, int max)
{
	int n = 0;
	char *out = s;
	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == 0)
			break;
		if (n == max)
			return -1;
		words[n++] = out;
		int quoted = 0;
		while (*s && (quoted || (*s != ' ' && *s != '\t'))) {
			if (*s == '"')
				quoted = !quoted;
			else
				*out++ = *s;
			s++;
		}
		if (*s)
			s++;
		*out++ = 0;
	}
	return n;
}

// Applies one firmware option; unknown ones get a warning line.
static void main_option(const char *w)
{
	uint64_t v;
	if (strcmp(w, "stats") == 0)
		opt.stats = 1;
	else if (strcmp(w, "debug") == 0)
		opt.debug = 1;
	else if (strcmp(w, "strace") == 0)
		opt.strace = 1;
	else if (strcmp(w, "lazy-ad") == 0)
		opt.ad = AD_LAZY;
	else if (strncmp(w, "frames=", 7) == 0 && lib_parse_u64(w + 7, &v) == 0)
		opt.frames = v;
	else if (strncmp(w, "tick=", 5) == 0 && lib_parse_u64(w + 5, &v) == 0) {
		opt.tick_us = v;
		opt.tick_set = 1;
	} else if (strcmp(w, "policy=fifo") == 0)
		opt.policy = POLICY_FIFO;
	else if (strcmp(w, "policy=clock") == 0)
		opt.policy = POLICY_CLOCK;
	else if (strcmp(w, "policy=lru") == 0)
		opt.policy = POLICY_LRU;
	else if (strcmp(w, "policy=lfu") == 0)
		opt.policy = POLICY_LFU;
	else
		con_printf("firmware: ignoring unknown option '%s'\n", w);
}

// Parses bootargs into the options and argv; returns argc.
static int main_bootargs(const char *bootargs, char **argv)
{
	static char buf[MAIN_BOOTARGS_MAX];
	static char *words[PROC_MAX_ARGS + 32];
	uint64_t len = strlen(bootargs);
	if (len >= sizeof(buf)) {
		con_printf("firmware: bootargs longer than %lu bytes: cut\n", sizeof(buf) - 1);
		len = sizeof(buf) - 1;
	}
	memcpy(buf, bootargs, len);
	buf[len] = 0;
	int n = main_split(buf, words, PROC_MAX_ARGS + 32);
	if (n < 0) {
		con_printf("firmware: too many words in bootargs\n");
		proc_halt(EXIT_INTERNAL);
	}
	int first = 0;
	for (int i = 0; i < n; i++) {
		if (strcmp(words[i], "--") == 0) {
			for (int j = 0; j < i; j++)
				main_option(words[j]);
			first = i + 1;
			break;
		}
	}
	int argc = 0;
	for (int i = first; i < n && argc < PROC_MAX_ARGS; i++)
		argv[argc++] = words[i];
	if (n - first > PROC_MAX_ARGS) {
		con_printf("firmware: more than %u arguments\n", PROC_MAX_ARGS);
		proc_halt(EXIT_INTERNAL);
	}
	if (argc == 0)
		argv[argc++] = "program";
	argv[argc] = 0;
	return argc;
}

// Splits a DT string list (len bytes, each string NUL-terminated) into
// out (at most max, then a NULL). Returns the count, -1 if more than max.
static int main_strlist(const char *list, uint32_t len, char **out, int max)
{
	int n = 0;
	for (uint32_t i = 0; i < len; n++) {
		if (n == max)
			return -1;
		out[n] = (char *)list + i;
		i += (uint32_t)strlen(list + i) + 1;
	}
	out[n] = 0;
	return n;
}

// The environment without rvmmu's /chosen rvmmu,envp (e.g. on QEMU).
static char *main_default_env[] = { "PATH=/bin:/usr/bin", "HOME=/", "TERM=vt100", 0 };

// The default timer period of policy=lru (its aging samples A bits on
// every tick), unless tick= says otherwise.
#define MAIN_LRU_TICK_US 10000

void kmain(void)
{
	const struct dt_info *dt = &mach_dt;
	if (!mach_dt_ok || dt->uart_pa == 0)
		power_off(EXIT_INTERNAL); // nowhere to say why
	con_init(dt->uart_pa, dt->uart_reg_shift, dt->uart_io_width);
	hostio_init(dt->hostio_pa);
	static char *argv[PROC_MAX_ARGS + 1];
	static char *envp[PROC_MAX_ENV + 1];
	opt.frames = dt->frames; // bootargs frames=N wins
	int argc = main_bootargs(dt->bootargs, argv);
	// rvmmu passes argv verbatim as a string list (bootargs cannot carry
	// spaces, quotes or empty strings).
	if (dt->argv_len) {
		argc = main_strlist(dt->argv, dt->argv_len, argv, PROC_MAX_ARGS);
		if (argc < 0) {
			con_printf("firmware: more than %u arguments\n", PROC_MAX_ARGS);
			proc_halt(EXIT_INTERNAL);
		}
	}
	char **env = main_default_env;
	if (dt->has_envp) {
		if (main_strlist(dt->envp, dt->envp_len, envp, PROC_MAX_ENV) < 0) {
			con_printf("firmware: more than %u environment strings\n", PROC_MAX_ENV);
			proc_halt(EXIT_INTERNAL);
		}
		env = envp;
	}
	ktime_init(dt->epoch_ns);
	stats.timebase_hz = dt->timebase_hz ? dt->timebase_hz : 10000000;
	// With a frame limit, PTEs tell the replacement about use (A) and
	// writes (D); lazy-ad keeps its own (stricter) behaviour.
	if (opt.frames && opt.ad == AD_EAGER)
		opt.ad = AD_TRACK;
	if ((opt.policy == POLICY_LRU || opt.policy == POLICY_LFU) && !opt.tick_set)
		opt.tick_us = MAIN_LRU_TICK_US;

	extern char _start[], _end[];
	if (dt->ram_size == 0) {
		con_printf("firmware: no /memory node in the device tree\n");
		proc_halt(EXIT_INTERNAL);
	}
	frame_init(dt->ram_base, dt->ram_size);
	frame_reserve((uint64_t)_start, (uint64_t)_end);
	frame_reserve(dt->dtb_pa, dt->dtb_pa + dt->dtb_size);
	if (dt->initrd_end > dt->initrd_start)
		frame_reserve(dt->initrd_start, dt->initrd_end);
	if (frame_info_init() != 0 || vm_init(dt->ram_base, dt->ram_size) != 0) {
		con_printf("firmware: out of memory for the kernel's tables\n");
		proc_halt(EXIT_INTERNAL);
	}
	trap_init();
	swap_init(dt->virtio, dt->nvirtio);
	vmev_init(dt->vmev_pa);

	if (dt->initrd_end <= dt->initrd_start) {
		con_printf("firmware: bad program image: no initrd in the device tree\n");
		proc_halt(EXIT_BAD_IMAGE);
	}
	if (dt->initrd_start < dt->ram_base || dt->initrd_end > dt->ram_base + dt->ram_size) {
		con_printf("firmware: bad program image: initrd 0x%lx..0x%lx outside RAM\n",
			   dt->initrd_start, dt->initrd_end);
		proc_halt(EXIT_BAD_IMAGE);
	}
	const uint8_t *image = (const uint8_t *)dt->initrd_start;
	uint64_t size = dt->initrd_end - dt->initrd_start;
	vfs_init(dt->root == 2 ? VFS_ROOT_HOST_RW : dt->root == 1 ? VFS_ROOT_HOST_RO : VFS_ROOT_RAM,
		 image, size, argv[0]);
	// In an archive: argv[0], or bin/argv[0] (rvmmu --initrd adds it there).
	char bin_name[VFS_PATH_MAX] = "bin/";
	if (strlen(argv[0]) + 5 <= sizeof(bin_name))
		memcpy(bin_name + 4, argv[0], strlen(argv[0]) + 1);
	if (cpio_is_archive() && cpio_find(argv[0], &image, &size) != 0 &&
	    cpio_find(bin_name, &image, &size) != 0) {
		con_printf("firmware: bad program image: '%s' is not in the initrd archive\n", argv[0]);
		proc_halt(EXIT_BAD_IMAGE);
	}

	struct proc *init = proc_alloc(0);
	if (init == 0) {
		con_printf("firmware: out of memory for the process page table\n");
		proc_halt(EXIT_INTERNAL);
	}
	proc_switch_to(init);
	procfs_set_first_exe(init, argv[0]);
	file_init_first(init);
	if (elf_load(image, size) != 0)
		proc_halt(EXIT_BAD_IMAGE);
	if (proc_setup_stack(argc, argv, env) != 0) {
		con_printf("firmware: cannot build the initial stack (arguments too long or no memory)\n");
		proc_halt(EXIT_INTERNAL);
	}
	if (opt.tick_us) {
		uint64_t ticks = opt.tick_us * stats.timebase_hz / 1000000;
		trap_set_tick(ticks ? ticks : 1);
	}
	// sret to U-mode (SPP = 0) with interrupts on there (SPIE), SUM off.
	c_sstatus(SSTATUS_SPP | SSTATUS_SUM | SSTATUS_SIE);
	s_sstatus(SSTATUS_SPIE);
	trap_return(&cur->tf);
}

// SPDX-License-Identifier: MIT OR Apache-2.0
//
// rvmmu's M-mode SBI firmware: the interface between its modules.
// SBI specification v2.0 (riscv-non-isa/riscv-sbi-doc): chapter 3 (binary
// encoding, error codes), 4 (base), 5 (legacy), 6 (TIME), 7 (IPI),
// 8 (RFENCE), 9 (HSM), 10 (SRST), 12 (DBCN).
//
// Physical address map (the firmware's own region; devices come from the
// device tree it receives in a1):
//
//   0x8000_0000  firmware text, data, bss, M-mode stack (SBI_FW_SIZE)
//   0x8004_0000  (free RAM for the kernel)
//   0x8020_0000  the S-mode payload (the kernel), entered with mret
#ifndef SBI_H
#define SBI_H

#include <stddef.h>
#include <stdint.h>

// No suffixes: sbi_init.c also writes them into the symbol table as the
// absolute symbols sbi_fw_base, sbi_fw_size and sbi_next_addr, where
// rvmmu reads them (emulator/src/boot/bios.rs).
#define SBI_FW_BASE 0x80000000
#define SBI_FW_SIZE 0x40000            // PMP denies S/U this NAPOT region
#define SBI_NEXT_ADDR 0x80200000       // where the kernel is entered

// --- Binary encoding (chapter 3) ------------------------------------------

#define SBI_SPEC_VERSION ((2UL << 24) | 0)   // v2.0: major << 24 | minor
// Implementation ID: not one of the IDs the spec registers (0..11), so that
// no one mistakes rvmmu's firmware for another; "rv" in ASCII.
#define SBI_IMPL_ID 0x7276UL
#define SBI_IMPL_VERSION 1UL

#define SBI_SUCCESS 0L
#define SBI_ERR_FAILED (-1L)
#define SBI_ERR_NOT_SUPPORTED (-2L)
#define SBI_ERR_INVALID_PARAM (-3L)
#define SBI_ERR_DENIED (-4L)
#define SBI_ERR_INVALID_ADDRESS (-5L)
#define SBI_ERR_ALREADY_AVAILABLE (-6L)
#define SBI_ERR_ALREADY_STARTED (-7L)
#define SBI_ERR_ALREADY_STOPPED (-8L)

#define SBI_EXT_LEGACY_LAST 0x08UL    // 0x00..0x08: legacy (chapter 5)
#define SBI_EXT_BASE 0x10UL
#define SBI_EXT_TIME 0x54494D45UL
#define SBI_EXT_IPI 0x735049UL
#define SBI_EXT_RFENCE 0x52464E43UL
#define SBI_EXT_HSM 0x48534DUL
#define SBI_EXT_SRST 0x53525354UL
#define SBI_EXT_DBCN 0x4442434EUL

// --- The trap frame (start.S saves every register here) --------------------

struct sbi_frame {
	uint64_t x[32];  // x[0] unused; x[10] = a0 ...
};
_Static_assert(sizeof(struct sbi_frame) == 256, "start.S uses SBI_FRAME_SIZE");

#define A0 10
#define A1 11
#define A2 12
#define A3 13
#define A4 14
#define A5 15
#define A6 16
#define A7 17

// The result of an SBI call: error in a0, value in a1 (section 3.1).
struct sbiret {
	long error;
	long value;
};

// --- The platform, read from the device tree (sbi_fdt.c) ------------------

// How the power-off/reboot device is driven: one 32-bit store of `value`
// to `addr` (SiFive test device, or syscon-poweroff/-reboot regmaps).
struct sbi_reset_reg {
	uint64_t addr;   // 0: not found
	uint32_t value;
};

struct sbi_platform {
	uint64_t ram_base, ram_size;
	uint64_t uart;             // NS16550A ("ns16550a"), 0 if absent
	uint32_t uart_shift;       // reg-shift
	uint64_t clint;            // "riscv,clint0" / "sifive,clint0"
	struct sbi_reset_reg poweroff, poweroff_fail, reboot;
	// ISA extensions listed for the hart (riscv,isa or riscv,isa-extensions).
	int has_sstc, has_zicbom, has_zicboz, has_svpbmt, has_svadu, has_svade;
	// A /reserved-memory child already covers the firmware's region.
	int fw_reserved;
};

extern struct sbi_platform sbi_plat;

// Reads the blob at `fdt` into sbi_plat. Returns 0, or -1 if it is not a
// version 16/17 flattened device tree.
int sbi_fdt_parse(uint64_t fdt);
// Makes sure the kernel keeps out of the firmware's region (see sbi_fdt.c).
int sbi_fdt_reserve_firmware(uint64_t fdt);

// --- Modules ---------------------------------------------------------------

// sbi_console.c: the UART, polled.
void sbi_console_putc(char c);
int sbi_console_getc(void);            // -1 when nothing was received
void sbi_console_puts(const char *s);
void sbi_console_hex(uint64_t v);

// sbi_ecall.c: dispatches an ecall from S-mode by extension id (a7).
void sbi_ecall(struct sbi_frame *f);

// Each extension's handler: fid (a6) and the frame's arguments.
struct sbiret sbi_base_call(uint64_t fid, struct sbi_frame *f);
struct sbiret sbi_time_call(uint64_t fid, struct sbi_frame *f);
struct sbiret sbi_ipi_call(uint64_t fid, struct sbi_frame *f);
struct sbiret sbi_rfence_call(uint64_t fid, struct sbi_frame *f);
struct sbiret sbi_hsm_call(uint64_t fid, struct sbi_frame *f);
struct sbiret sbi_srst_call(uint64_t fid, struct sbi_frame *f);
struct sbiret sbi_dbcn_call(uint64_t fid, struct sbi_frame *f);
// Legacy extensions 0x00..0x08: the result goes to a0 alone.
long sbi_legacy_call(uint64_t eid, struct sbi_frame *f);
// True when `eid` is an extension this firmware implements.
int sbi_ext_present(uint64_t eid);

// sbi_timer.c; sbi_timer_sstc: set_timer writes stimecmp (Sstc on).
extern int sbi_timer_sstc;
void sbi_timer_set(uint64_t stime);
void sbi_timer_interrupt(void);         // the M timer interrupt
uint64_t sbi_timer_now(void);           // mtime

// sbi_ipi.c / sbi_rfence.c: hart masks (hart 0 only exists).
// Returns 1 if the mask selects hart 0, 0 if it selects no hart, -1 if it
// names a hart that does not exist.
int sbi_hart_mask_has_hart0(uint64_t mask, uint64_t base);
void sbi_ipi_self(void);
void sbi_fence_i_local(void);
void sbi_sfence_vma_local(uint64_t start, uint64_t size);
void sbi_sfence_vma_asid_local(uint64_t start, uint64_t size, uint64_t asid);

// sbi_srst.c: never return.
void sbi_system_reset(uint32_t type, uint32_t reason) __attribute__((noreturn));
void sbi_hang(void) __attribute__((noreturn));
// start.S: wfi for ever with interrupts off.
void sbi_park(void) __attribute__((noreturn));
// start.S: mret to addr in the mode of mstatus.MPP with a0, a1.
void sbi_enter_next(uint64_t addr, uint64_t a0, uint64_t a1) __attribute__((noreturn));
// start.S: set to 1 by a trap while sbi_probe_vector is mtvec.
extern volatile uint32_t sbi_probe_trapped;
void sbi_probe_vector(void);
void sbi_vector(void);

// sbi_trap.c
void sbi_trap(struct sbi_frame *f);
// Hands the current trap (cause, tval) to S-mode's stvec as if it had
// been delegated (as OpenSBI's sbi_trap_redirect).
void sbi_redirect(uint64_t cause, uint64_t tval);

// sbi_misaligned.c: emulates a misaligned load or store; returns 0, or -1
// if the trap was redirected to S-mode instead.
int sbi_misaligned(struct sbi_frame *f, uint64_t cause, uint64_t tval);
// sbi_illegal.c: emulates what it can (rdtime) else redirects.
void sbi_illegal(struct sbi_frame *f, uint64_t insn);

// sbi_unpriv.S: accesses with the privilege of the trapped mode (MPRV).
// On a fault, *fault gets the cause and *tval the address, and the
// function returns 0.
struct sbi_unpriv_fault {
	uint64_t cause, tval;
};
uint64_t sbi_unpriv_lbu(uint64_t addr, struct sbi_unpriv_fault *fault, uint64_t mstatus_extra);
void sbi_unpriv_sb(uint64_t addr, uint8_t v, struct sbi_unpriv_fault *fault);
// The instruction at `pc` in the trapped mode (2 or 4 bytes), or 0 with
// fault set.
uint32_t sbi_unpriv_insn(uint64_t pc, struct sbi_unpriv_fault *fault);

#endif

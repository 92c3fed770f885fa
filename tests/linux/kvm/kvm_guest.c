// SPDX-License-Identifier: MIT OR Apache-2.0
/*
 * kvm_guest: the smallest KVM user of the KVM check (tests/linux/kvm-test.sh),
 * run by /init inside Linux under `rvmmu boot`. Through the KVM ioctl API
 * (Documentation/virt/kvm/api.rst) it creates a VM with 64 KiB of guest RAM
 * at guest physical 0x8000_0000, one vCPU starting there in VS-mode with
 * translation off, and runs a guest of 12 instructions:
 *
 *   a store of 123 to 0x1000_0000 (no memory slot there: a G-stage
 *   guest-page fault that KVM turns into KVM_EXIT_MMIO),
 *   an SBI call of the first experimental extension (0x0800_0000, SBI
 *   v2.0 section 3.1) with a0 = 'K', which KVM forwards to user space
 *   (KVM_EXIT_RISCV_SBI; Debian's KVM has no legacy console),
 *   the SBI system reset (SRST) shutdown (KVM_EXIT_SYSTEM_EVENT).
 *
 * Prints one line per exit and "KVM-GUEST-OK" when all three came in
 * order with the right values; otherwise "KVM-GUEST-FAIL <why>". Built
 * static with riscv64-linux-gnu-gcc by the test, never committed.
 */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define GUEST_BASE 0x80000000ul
#define GUEST_SIZE 0x10000ul
#define MMIO_ADDR 0x10000000ul
#define SBI_EXT_EXPERIMENTAL 0x08000000ul

static const uint32_t guest_code[] = {
	0x07b00513, /* addi a0, zero, 123 */
	0x100002b7, /* lui t0, 0x10000 */
	0x00a2a023, /* sw a0, 0(t0): MMIO exit */
	0x04b00513, /* addi a0, zero, 'K' */
	0x080008b7, /* lui a7, 0x8000: a7 = 0x0800_0000 (experimental) */
	0x00000073, /* ecall: SBI exit */
	0x535258b7, /* lui a7, 0x53525 */
	0x35488893, /* addi a7, a7, 0x354: a7 = SRST */
	0x00000813, /* addi a6, zero, 0: system_reset */
	0x00000513, /* addi a0, zero, 0: shutdown */
	0x00000593, /* addi a1, zero, 0: no reason */
	0x00000073, /* ecall: system event */
	0x0000006f, /* j . */
};

static int fail(const char *what)
{
	printf("KVM-GUEST-FAIL %s: %s\n", what, strerror(errno));
	return 1;
}

int main(void)
{
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		return fail("open /dev/kvm");
	printf("kvm: API version %d\n", ioctl(kvm, KVM_GET_API_VERSION, 0));
	int vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		return fail("KVM_CREATE_VM");
	void *mem = mmap(NULL, GUEST_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return fail("mmap guest memory");
	memcpy(mem, guest_code, sizeof(guest_code));
	struct kvm_userspace_memory_region region = {
		.slot = 0,
		.guest_phys_addr = GUEST_BASE,
		.memory_size = GUEST_SIZE,
		.userspace_addr = (uintptr_t)mem,
	};
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return fail("KVM_SET_USER_MEMORY_REGION");
	int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		return fail("KVM_CREATE_VCPU");
	int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < 0)
		return fail("KVM_GET_VCPU_MMAP_SIZE");
	struct kvm_run *run = mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		return fail("mmap kvm_run");
	uint64_t pc = GUEST_BASE;
	struct kvm_one_reg reg = {
		.id = KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_CORE |
		      KVM_REG_RISCV_CORE_REG(regs.pc),
		.addr = (uintptr_t)&pc,
	};
	if (ioctl(vcpu, KVM_SET_ONE_REG, &reg) < 0)
		return fail("KVM_SET_ONE_REG pc");

	int step = 0;
	for (int i = 0; i < 10; i++) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0)
			return fail("KVM_RUN");
		switch (run->exit_reason) {
		case KVM_EXIT_MMIO: {
			uint32_t data = 0;
			memcpy(&data, run->mmio.data, sizeof(data));
			printf("kvm: exit mmio %s addr=%#llx len=%u data=%u\n",
			       run->mmio.is_write ? "write" : "read",
			       (unsigned long long)run->mmio.phys_addr, run->mmio.len, data);
			if (step == 0 && run->mmio.is_write && run->mmio.phys_addr == MMIO_ADDR &&
			    run->mmio.len == 4 && data == 123)
				step = 1;
			break;
		}
		case KVM_EXIT_RISCV_SBI:
			printf("kvm: exit sbi ext=%#lx fid=%#lx a0=%#lx\n",
			       run->riscv_sbi.extension_id, run->riscv_sbi.function_id,
			       run->riscv_sbi.args[0]);
			if (step == 1 && run->riscv_sbi.extension_id == SBI_EXT_EXPERIMENTAL && run->riscv_sbi.args[0] == 'K')
				step = 2;
			run->riscv_sbi.ret[0] = 0;
			run->riscv_sbi.ret[1] = 0;
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			printf("kvm: exit system event type %u\n", run->system_event.type);
			if (step == 2 && run->system_event.type == KVM_SYSTEM_EVENT_SHUTDOWN) {
				puts("KVM-GUEST-OK");
				return 0;
			}
			printf("KVM-GUEST-FAIL shutdown out of order (step %d)\n", step);
			return 1;
		default:
			printf("KVM-GUEST-FAIL exit reason %u (step %d)\n", run->exit_reason, step);
			return 1;
		}
	}
	printf("KVM-GUEST-FAIL no shutdown after 10 exits (step %d)\n", step);
	return 1;
}

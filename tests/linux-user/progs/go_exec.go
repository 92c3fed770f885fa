// go_exec: os/exec runs the program itself again through /proc/self/exe
// (Go's vfork-style clone, pipes for the output, execve, waitid then
// wait4), with an added environment variable; its exit status comes back.
// qemu-riscv64 cannot run it (execve of a RISC-V program goes to the
// host kernel): run.sh checks it under rvmmu alone.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "child" {
		fmt.Println("child:", os.Args[2], os.Getenv("RVMMU_GO_EXEC"))
		os.Exit(4)
	}
	cmd := exec.Command("/proc/self/exe", "child", "two words")
	cmd.Env = append(os.Environ(), "RVMMU_GO_EXEC=42")
	out, err := cmd.Output()
	fmt.Printf("output %q, %v\n", strings.TrimSpace(string(out)), err)
	_, err = exec.Command("/nonexistent").Output()
	fmt.Println("missing:", err)
}

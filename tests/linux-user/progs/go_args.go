// go_args: os.Args as given, the environment (os.Getenv, LookupEnv),
// os.Executable's name, the working directory, flag parsing.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	n := flag.Int("n", 1, "a number")
	name := flag.String("name", "none", "a name")
	flag.Parse()
	fmt.Printf("args: %q\n", os.Args[1:])
	fmt.Println("n:", *n, "name:", *name, "rest:", flag.Args())
	_, ok := os.LookupEnv("RVMMU_SURELY_UNSET")
	fmt.Println("unset variable found:", ok, "PATH set:", os.Getenv("PATH") != "")
	exe, err := os.Executable()
	fmt.Println("executable:", filepath.Base(exe), err)
	wd, err := os.Getwd()
	fmt.Println("getwd ok:", err == nil && filepath.IsAbs(wd))
	host, err := os.Hostname()
	fmt.Println("hostname ok:", err == nil && host != "")
}

// go_signal: Go's signal handling on the supervisor's signals: os/signal
// Notify for SIGUSR1 sent to itself, an ignored SIGHUP, a nil pointer
// dereference (SIGSEGV with its fault address: Go turns it into a panic)
// recovered; with "segv" not recovered (exit 2), with "term" SIGTERM's
// default action after signal.Reset (killed: 143 from a shell).
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

type point struct{ x, y int }

func deref(p *point) (v int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return p.y, nil
}

func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1, syscall.SIGTERM)
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	fmt.Println("got:", <-c)
	signal.Ignore(syscall.SIGHUP)
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	fmt.Println("survived SIGHUP")
	fmt.Println(deref(&point{1, 2}))
	fmt.Println(deref(nil))
	if len(os.Args) > 1 && os.Args[1] == "segv" {
		var p *point
		fmt.Println(p.x)
	}
	if len(os.Args) > 1 && os.Args[1] == "term" {
		signal.Reset(syscall.SIGTERM)
		syscall.Kill(os.Getpid(), syscall.SIGTERM)
		select {}
	}
}

// go_panic: a recovered panic, then (with an argument) an unrecovered one
// in a goroutine: Go prints the panic on stderr and exits with status 2.
package main

import (
	"fmt"
	"os"
)

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return a / b, nil
}

func main() {
	fmt.Println(safeDiv(7, 2))
	fmt.Println(safeDiv(1, 0))
	var m map[string]int
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		m["x"] = 1
	}()
	if len(os.Args) > 1 {
		done := make(chan bool)
		go func() {
			panic("boom: " + os.Args[1])
		}()
		<-done
	}
	os.Exit(3)
}

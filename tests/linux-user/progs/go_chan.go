// go_chan: goroutines, channels (buffered and not), select, sync.WaitGroup
// and sync.Mutex: a worker pool sums squares; a pipeline of stages; a
// goroutine spinning without a function call, which only the runtime's
// asynchronous preemption (tgkill with SIGURG) can stop for a GC.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	jobs := make(chan int, 16)
	results := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- j * j
			}
		}()
	}
	go func() {
		for i := 1; i <= 1000; i++ {
			jobs <- i
		}
		close(jobs)
	}()
	go func() { wg.Wait(); close(results) }()
	sum := 0
	for r := range results {
		sum += r
	}
	fmt.Println("sum of squares:", sum)

	// A pipeline: generate -> double -> filter, unbuffered.
	gen := func(n int) <-chan int {
		c := make(chan int)
		go func() {
			for i := 0; i < n; i++ {
				c <- i
			}
			close(c)
		}()
		return c
	}
	double := func(in <-chan int) <-chan int {
		c := make(chan int)
		go func() {
			for v := range in {
				c <- 2 * v
			}
			close(c)
		}()
		return c
	}
	count := 0
	for v := range double(gen(500)) {
		if v%3 == 0 {
			count++
		}
	}
	fmt.Println("multiples of 3:", count)

	// A mutex-protected counter shared by 50 goroutines.
	var mu sync.Mutex
	counter := 0
	var wg2 sync.WaitGroup
	for g := 0; g < 50; g++ {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			for i := 0; i < 200; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
		}()
	}
	wg2.Wait()
	fmt.Println("counter:", counter)

	// select over two channels until both are drained.
	a, b := make(chan string), make(chan string)
	go func() { a <- "from a"; close(a) }()
	go func() { b <- "from b"; close(b) }()
	got := map[string]bool{}
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
			} else {
				got[v] = true
			}
		case v, ok := <-b:
			if !ok {
				b = nil
			} else {
				got[v] = true
			}
		}
	}
	fmt.Println("select got:", len(got), got["from a"], got["from b"])

	var quit int32
	spins := int64(0)
	done := make(chan int64)
	go func() {
		n := int64(0)
		for atomic.LoadInt32(&quit) == 0 {
			n++
		}
		done <- n
	}()
	time.Sleep(20 * time.Millisecond)
	runtime.GC() // stops the world: the spinner must be preempted
	atomic.StoreInt32(&quit, 1)
	spins = <-done
	fmt.Println("spinning goroutine preempted for a GC:", spins > 0)
}

// go_timers: time.Sleep, time.After, a Ticker, a Timer stopped before it
// fires, context.WithTimeout, and elapsed times that must be plausible
// (at least what was asked, not absurdly more).
package main

import (
	"context"
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	time.Sleep(30 * time.Millisecond)
	el := time.Since(start)
	fmt.Println("sleep 30ms took at least 30ms:", el >= 30*time.Millisecond, "under 5s:", el < 5*time.Second)

	select {
	case <-time.After(20 * time.Millisecond):
		fmt.Println("time.After fired")
	case <-time.After(10 * time.Second):
		fmt.Println("the long timer fired first")
	}

	t := time.NewTicker(5 * time.Millisecond)
	ticks := 0
	for range t.C {
		ticks++
		if ticks == 5 {
			break
		}
	}
	t.Stop()
	fmt.Println("ticks:", ticks)

	stopped := time.NewTimer(time.Hour)
	fmt.Println("stopped a pending timer:", stopped.Stop())

	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Millisecond)
	defer cancel()
	<-ctx.Done()
	fmt.Println("context:", ctx.Err())

	// Goroutines sleeping different times wake in order.
	order := make(chan int, 3)
	for _, ms := range []int{30, 10, 20} {
		ms := ms
		go func() {
			time.Sleep(time.Duration(ms) * time.Millisecond * 3)
			order <- ms
		}()
	}
	fmt.Println("woke in order:", <-order, <-order, <-order)
	fmt.Println("wall clock after 2020:", time.Now().Year() >= 2020)
}
